"""The field appraiser's app in headless Chromium (Debian's chromium + chromium-driver),
driven by selenium: the browser half of tests-web/test_appraiser_app.py.

`Phone(base_url)` opens the app at a phone's size; `run_appraisal(phone, token, ...)` walks a
whole appraisal with photos, cutting the network half-way (DevTools network emulation) and
during a photo upload, and returns what it made so the caller can look for it in the database.
"""
import base64
import hashlib
import os
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
WIDTH, HEIGHT = 390, 844

WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VALUES = {**{str(d): d for d in range(10)},
          **dict(zip('ABCDEFGHJKLMNPRSTUVWXYZ', [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))}


def check_digit(vin):
    """ISO 3779, as KiteDomain/VIN.swift computes it (position 9 weighs 0)."""
    total = sum(VALUES[c] * w for c, w in zip(vin, WEIGHTS)) % 11
    return 'X' if total == 10 else str(total)


def make_vin(serial):
    body = f'XTA21099?K{serial:07d}'[:17]
    return body.replace('?', check_digit(body.replace('?', '0')))


class Phone:
    def __init__(self, base_url, lang='ru', screenshots=None):
        self.base_url = base_url.rstrip('/')
        self.screenshots = screenshots
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu',
                    f'--lang={lang}', f'--window-size={WIDTH},{HEIGHT}', '--hide-scrollbars']:
            options.add_argument(arg)
        options.add_experimental_option('prefs', {'intl.accept_languages': lang})
        options.add_experimental_option('mobileEmulation', {
            'deviceMetrics': {'width': WIDTH, 'height': HEIGHT, 'pixelRatio': 2.0, 'touch': True},
            'userAgent': 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36'})
        os.environ.setdefault('SE_OFFLINE', 'true')  # never let selenium-manager download anything
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.driver.set_script_timeout(30)
        self.driver.execute_cdp_cmd('Network.enable', {})

    def quit(self):
        self.driver.quit()

    # ---- the network ------------------------------------------------------------------------

    def network(self, online=True, upload_kbps=None):
        """DevTools network emulation: offline, or online (throttled when upload_kbps is given)."""
        up = -1 if upload_kbps is None else upload_kbps * 1024 / 8
        self.driver.execute_cdp_cmd('Network.emulateNetworkConditions', {
            'offline': not online, 'latency': 0 if upload_kbps is None else 20,
            'downloadThroughput': -1, 'uploadThroughput': up})
        # Chromium fires online/offline for the page when the emulation changes.
        self.wait(lambda d: d.execute_script('return navigator.onLine') == online, 10, f'navigator.onLine == {online}')

    # ---- helpers --------------------------------------------------------------------------

    def wait(self, condition, timeout=20, what='a condition'):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2,
                                 ignored_exceptions=[StaleElementReferenceException]).until(condition)
        except TimeoutException:
            raise AssertionError(f'timed out after {timeout}s waiting for {what}; page text:\n{self.text()[:3000]}')

    def el(self, css, timeout=20):
        return self.wait(lambda d: next(iter([e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed() or e.get_attribute('type') == 'file']), None),
                         timeout, f'element {css}')

    def els(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def click(self, css):
        # The list redraws when the sync brings something: find the element again then.
        for attempt in range(5):
            try:
                element = self.el(css)
                self.driver.execute_script('arguments[0].scrollIntoView({block: "center"})', element)
                element.click()
                return
            except StaleElementReferenceException:
                if attempt == 4:
                    raise
                time.sleep(0.2)

    def type(self, css, text):
        element = self.el(css)
        self.driver.execute_script('arguments[0].scrollIntoView({block: "center"})', element)
        element.clear()
        element.send_keys(text)

    def text(self):
        try:
            return self.driver.find_element(By.TAG_NAME, 'body').text
        except Exception:
            return ''

    def waiting_count(self):
        return int(self.driver.find_element(By.ID, 'outbox-count').get_attribute('textContent'))

    def shot(self, name):
        if self.screenshots:
            os.makedirs(self.screenshots, exist_ok=True)
            self.driver.execute_script('window.scrollTo(0, 0)')
            time.sleep(0.3)
            self.driver.save_screenshot(os.path.join(self.screenshots, f'{name}.png'))

    def accept_confirm(self):
        def alert(d):
            try:
                return d.switch_to.alert
            except NoAlertPresentException:
                return False
        self.wait(alert, 5, 'a confirm dialog').accept()

    def idb_photo_progress(self):
        """Each photo of the appraisals on the phone: (kind, received, size, uploaded)."""
        return self.driver.execute_async_script('''
            const done = arguments[arguments.length - 1];
            import('./db.js').then(db => db.all('appraisals')).then(list =>
              done(list.flatMap(a => (a.photos || []).map(p => [p.kind, p.received || 0, p.size, !!p.uploaded]))));''')

    def make_photos(self, directory):
        """JPEG files made by the browser's own encoder: a noisy 1400×1000 one (about 1.4 MB:
        three 512 KiB chunks) and small ones. Returns {name: path}."""
        files = {}
        for name, (w, h, noise) in {'big': (1400, 1000, True), 'small': (320, 240, False)}.items():
            data_url = self.driver.execute_script('''
                const [w, h, noise] = arguments;
                const c = document.createElement('canvas'); c.width = w; c.height = h;
                const g = c.getContext('2d');
                const img = g.createImageData(w, h);
                for (let i = 0; i < img.data.length; i += 4) {
                  const v = noise ? Math.random() * 255 : (i / 4 % w) * 255 / w;
                  img.data[i] = v; img.data[i + 1] = noise ? Math.random() * 255 : 120; img.data[i + 2] = 200; img.data[i + 3] = 255;
                }
                g.putImageData(img, 0, 0);
                return c.toDataURL('image/jpeg', 0.95);''', w, h, noise)
            data = base64.b64decode(data_url.split(',', 1)[1])
            path = os.path.join(directory, f'{name}.jpg')
            with open(path, 'wb') as f:
                f.write(data)
            files[name] = path
        return files


def check_vin_rule(phone):
    """The phone's check digit (web/vin.js) against the Python port of VIN.swift's rule."""
    vins = [make_vin(n) for n in (1, 42, 765432)] + ['1M8GDM9AXKP042788', 'WBA3A5C5XCF256551', '1M8GDM9A1KP042788']
    got = phone.driver.execute_async_script('''
        const [vins, done] = arguments;
        import('./vin.js').then(m => done(vins.map(v => [m.expectedCheckDigit(v), m.checkVIN(v).issues.map(i => i.key + ':' + i.level)])));''', vins)
    for vin, (digit, issues) in zip(vins, got):
        assert digit == check_digit(vin), f'{vin}: phone says {digit}, the rule {check_digit(vin)}'
        if vin[8] == digit:
            assert issues == [], f'{vin}: {issues}'
    # A wrong check digit: an error for a North-American VIN, a warning elsewhere.
    assert got[3][1] == [], got[3]
    assert got[4][1] == ['vin.check:warning'], got[4]
    assert got[5][1] == ['vin.check.na:error'], got[5]


def run_appraisal(phone, token, vin, seller_name, seller_phone, search, workdir=None):
    """`search` = (what to type, a customer it must find): the seller search, online."""
    d = phone.driver
    workdir = workdir or tempfile.mkdtemp(prefix='kite-web-')
    d.get(phone.base_url + '/app/')
    phone.wait(lambda d: d.execute_script('return document.body.dataset.ready') == 'true', 20, 'the app to start')
    check_vin_rule(phone)
    missing = d.execute_async_script('''
        const done = arguments[0];
        import('./i18n.js').then(({ CATALOGUE }) => {
          const ru = Object.keys(CATALOGUE.ru), en = Object.keys(CATALOGUE.en);
          done([ru.filter(k => !en.includes(k)), en.filter(k => !ru.includes(k))]);
        });''')
    assert missing == [[], []], f'texts in one language only (ru, en): {missing}'
    photos = phone.make_photos(workdir)

    # Sign in: a wrong token is refused with a message, the right one lands on the list.
    phone.shot('01-sign-in')
    phone.type('#token', 'not-a-token')
    phone.click('#signin-button')
    refusal = phone.el('#signin-error').text
    assert 'Токен' in refusal, refusal
    phone.type('#token', token)
    phone.click('#signin-button')
    phone.el('#new-appraisal')
    phone.shot('00-list')
    # The checklist is fetched once online and kept for offline use.
    phone.wait(lambda d: d.execute_async_script(
        'const done = arguments[0]; import("./db.js").then(db => db.kv.get("checklist")).then(c => done(!!c))'), 20, 'the checklist cached')

    # The language switch (navigator.language gave Russian).
    assert 'Новая оценка' in phone.text()
    phone.click('#lang-button')
    phone.wait(lambda d: 'New appraisal' in phone.text(), 5, 'English texts')
    phone.click('#lang-button')
    phone.wait(lambda d: 'Новая оценка' in phone.text(), 5, 'Russian texts again')

    # A new appraisal: the VIN is checked on the phone as it is typed.
    phone.click('#new-appraisal')
    wrong = vin[:8] + ('1' if vin[8] != '1' else '2') + vin[9:]
    phone.type('#car-vin', wrong)
    phone.wait(lambda d: 'Контрольный знак' in phone.el('#vin-check').text, 5, 'the check-digit warning')
    phone.type('#car-vin', 'XTA21099O')
    phone.wait(lambda d: 'буква «O»' in phone.el('#vin-check').text, 5, 'the forbidden-letter error')
    phone.type('#car-vin', vin)
    phone.wait(lambda d: 'VIN верный' in phone.el('#vin-check').text, 5, 'the VIN accepted')
    # Save with fields missing: each is named with its rule, nothing typed is lost.
    phone.click('#car-save')
    phone.wait(lambda d: 'Модель: обязательное поле' in phone.text(), 5, 'the required-field message')
    assert phone.el('#car-vin').get_attribute('value') == vin
    for css, value in [('#car-make', 'Lada'), ('#car-model', 'Vesta'), ('#car-modelYear', '2019'), ('#car-mileageKm', '84500'),
                       ('#car-colour', 'белый'), ('#car-plate', 'А123ВС777'), ('#car-ptsNumber', '164301000123456'),
                       ('#car-owners', '2'), ('#car-keys', '2')]:
        field = phone.el(css)
        d.execute_script('arguments[0].scrollIntoView({block: "center"})', field)
        if field.get_attribute('value') != value:
            field.clear()
            field.send_keys(value)
    # The seller search finds customers of the appraiser's dealership; this seller is new.
    phone.type('#seller-q', search[0])
    phone.wait(lambda d: search[1] in phone.el('#seller-results').text, 10, f'the customer {search[1]} found')
    phone.click('#seller-mode-new')
    phone.type('#seller-name', seller_name)
    phone.type('#seller-phone', '+7 916 555')
    phone.click('#car-save')
    phone.wait(lambda d: 'нужно 11 цифр' in phone.text(), 5, "the phone rule's message")
    phone.type('#seller-phone', seller_phone)
    phone.shot('02-appraisal-form')
    phone.click('#car-save')
    phone.el('#step-checklist.current')

    # Online: the new appraisal goes out at once and comes back with its number.
    phone.wait(lambda d: phone.waiting_count() == 0, 30, 'the appraisal sent')
    phone.wait(lambda d: '-AP-' in phone.el('.appraisal-head').text, 30, 'the appraisal number')
    number = phone.el('.appraisal-head strong').text
    appraisal_id = d.execute_script('return location.hash.split("/")[2]')

    # The service worker controls the page and has the app shell in its cache.
    phone.wait(lambda d: d.execute_script('return !!navigator.serviceWorker.controller'), 20, 'the service worker in control')
    cached = d.execute_async_script('''
        const done = arguments[0];
        caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))
          .then(lists => done(lists.flat().map(r => new URL(r.url).pathname)));''')
    for path in ['/app/', '/app/app.js', '/app/sync.js', '/app/db.js', '/app/i18n.js', '/app/vin.js', '/app/app.css',
                 '/app/manifest.webmanifest']:
        assert path in cached, f'{path} not cached: {cached}'

    # Half-way the network goes: the rest is recorded offline.
    phone.network(online=False)
    phone.wait(lambda d: phone.el('#offline-banner').is_displayed(), 5, 'the offline banner')

    # The checklist: everything OK, a dent (a defect, severity 2, a note, a damage photo), the
    # glass item not applicable.
    items = d.execute_script('return Array.from(document.querySelectorAll(".item")).map(e => e.dataset.item)')
    assert 'documents.pts_matches' in items and 'body.dents' in items, items
    for code in items:
        answer = 'defect' if code == 'body.dents' else 'na' if code == 'glass.headlamps' else 'ok'
        phone.click(f'.item[data-item="{code}"] button[data-answer="{answer}"]')
    phone.click('.item[data-item="body.dents"] button[data-severity="2"]')
    phone.type('.item[data-item="body.dents"] input.note', 'вмятина на задней левой двери')
    phone.el('.item[data-item="body.dents"] input[type=file]').send_keys(photos['small'])
    phone.wait(lambda d: phone.waiting_count() == 1, 10, 'the damage photo queued')
    assert 'отмечено' in phone.el('#checklist-count').text
    phone.shot('03-checklist')
    phone.click('#checklist-save')

    # Paint: factory, a repaint and filler, flagged by the thresholds (200/300 µm).
    phone.el('#step-paint.current')
    readings = {'hood': 120, 'roof': 110, 'door_fl': 250, 'door_rl': 420, 'fender_fl': 135}
    for panel, microns in readings.items():
        phone.type(f'#paint-{panel}', str(microns))
    # The app reloaded without a network: it opens from the service worker's cache and what
    # was typed is still there.
    d.refresh()
    phone.wait(lambda d: d.execute_script('return document.body.dataset.ready') == 'true', 20, 'the app offline')
    assert phone.el('#paint-door_rl').get_attribute('value') == '420'
    assert phone.el('#offline-banner').is_displayed()
    verdicts = {panel: phone.el(f'#paint-{panel}').find_element(By.XPATH, '..').find_element(By.CSS_SELECTOR, '.verdict').text
                for panel in readings}
    assert 'заводская' in verdicts['hood'] and 'перекрас' in verdicts['door_fl'] and 'шпатлёвка' in verdicts['door_rl'], verdicts
    phone.shot('04-paint')
    phone.click('#paint-save')

    # The required photo set from the camera; the rear one is the big photo (3 chunks).
    phone.el('#step-photos.current')
    kinds = d.execute_script('return Array.from(document.querySelectorAll(".photo-row[data-kind]")).map(e => e.dataset.kind)')
    assert kinds == ['front', 'rear', 'left', 'right', 'interior', 'odometer', 'vin_plate', 'engine'], kinds
    for kind in kinds:
        phone.el(f'#photo-{kind}').send_keys(photos['big' if kind == 'rear' else 'small'])
        phone.wait(lambda d, k=kind: d.find_elements(By.CSS_SELECTOR, f'.photo-row[data-kind="{k}"].has'), 10, f'the {kind} photo')
    phone.wait(lambda d: 'Все обязательные снимки есть' in phone.el('#photos-missing').text, 5, 'the photo set complete')
    waiting = phone.waiting_count()
    assert waiting == 1 + 1 + 1 + 8, f'waiting {waiting}: damage photo, checklist, paint, 8 photos'
    banner = phone.el('#offline-banner').text
    assert str(waiting) in banner, banner
    phone.shot('05-offline-waiting')
    phone.click('#outbox-button')
    phone.wait(lambda d: len(phone.els('#outbox-list li')) == waiting, 5, 'the waiting list')
    phone.shot('06-outbox')

    # The network comes back slow; it drops again in the middle of the big photo.
    phone.network(online=True, upload_kbps=800)
    phone.wait(lambda d: any(k == 'rear' and 0 < r < s for k, r, s, _ in phone.idb_photo_progress()), 60,
               'the big photo half uploaded')
    phone.network(online=False)
    partial, size = [(r, s) for k, r, s, _ in phone.idb_photo_progress() if k == 'rear'][0]
    assert 0 < partial < size, (partial, size)
    assert phone.waiting_count() > 0

    # Back on: the outbox drains, the upload resumes from what the server has.
    phone.network(online=True)
    phone.wait(lambda d: phone.waiting_count() == 0, 90, 'the outbox drained')
    progress = phone.idb_photo_progress()
    assert all(uploaded for *_, uploaded in progress), progress
    phone.wait(lambda d: not phone.el('#offline-banner', 1).is_displayed() if phone.els('#offline-banner:not([hidden])') else True, 5, 'no banner')

    with open(photos['big'], 'rb') as f:
        big = f.read()
    return {
        'number': number,
        'id': appraisal_id,
        'answers': len(items),
        'paint': readings,
        'photos': 9,
        'big_sha256': hashlib.sha256(big).hexdigest(),
        'big_size': len(big),
        'partial': partial,
    }


def answer_offer(phone, appraisal_id, expect_amount_text, accepted=True):
    """Opens the appraisal's offer (pulled by the sync loop) and records the seller's answer."""
    d = phone.driver
    d.get(f'{phone.base_url}/app/#/a/{appraisal_id}/offer')
    phone.wait(lambda d: d.execute_script('return document.body.dataset.ready') == 'true', 20, 'the app')
    phone.wait(lambda d: d.find_elements(By.ID, 'offer-amount'), 40, 'the offer pulled')
    amount = phone.el('#offer-amount').text
    assert expect_amount_text in amount.replace('\u202f', ' ').replace('\xa0', ' '), amount
    phone.shot('07-offer')
    if accepted:
        phone.click('#offer-accept')
        phone.accept_confirm()
    else:
        phone.type('#decline-reason', 'дорого')
        phone.click('#offer-decline')
    state = 'accepted' if accepted else 'declined'
    phone.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f'.appraisal-head .state-{state}'), 30, f'the answer sent ({state})')
    assert phone.waiting_count() == 0
    return amount
