"""The field appraiser's app (web/) against the real kite-api and PostgreSQL (issue 14).

Starts a throwaway PostgreSQL cluster the way the Swift tests do (or uses KITE_TEST_CONNINFO /
PGHOST: a fresh database there), migrates it with .build/debug/kite, seeds the demo
dealerships, adds an appraiser with `kite admin user add` and their phone's token with
`kite admin token issue`, starts .build/debug/kite-api serving web/ at /app/, and drives the
app in headless Chromium (Debian's chromium and chromium-driver, selenium from scripts/.venv):

  sign in; a whole appraisal with photos; the network off half-way and during a photo upload
  and back on; the outbox drains; the appraisal, its answers, paint readings and photos are in
  the database (the big photo's bytes hash to what the phone sent) and in the TUI's
  appraisals list; the back office's offer reaches the phone and the seller's answer reaches
  the database; an answer given offline to an offer the back office then changed is refused
  (409 offer_changed), the phone shows the new offer and asks again.

Run: scripts/.venv/bin/python -m unittest discover -s tests-web -v   (or `make test-web`).
Skips, saying why, when .build/debug/kite-api has not been built.
KITE_WEB_SCREENSHOTS=DIR keeps phone-size screenshots of each screen (not in git).
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get('KITE_BUILD_DIR', os.path.join(ROOT, '.build', 'debug'))
KITE = os.path.join(BUILD, 'kite')
KITE_API = os.path.join(BUILD, 'kite-api')

MISSING = [p for p in (KITE, KITE_API) if not os.access(p, os.X_OK)]
MISSING += [p for p in ('/usr/bin/chromium', '/usr/bin/chromedriver') if not os.access(p, os.X_OK)]


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Database:
    """A fresh database: on KITE_TEST_CONNINFO / PGHOST's server, else a throwaway cluster
    (initdb as `postgres` when running as root, a Unix socket in its directory)."""

    def __init__(self):
        self.directory = None
        self.pg_bin = None
        given = os.environ.get('KITE_TEST_CONNINFO') or (f"host={os.environ['PGHOST']}" if os.environ.get('PGHOST') else None)
        self.name = f'kite_web_{os.getpid()}'
        if given:
            self.base = given
        else:
            versions = sorted(os.listdir('/usr/lib/postgresql'), key=lambda v: int(v.split('.')[0]))
            self.pg_bin = f'/usr/lib/postgresql/{versions[-1]}/bin'
            self.directory = tempfile.mkdtemp(prefix='kite-web-pg-')
            os.chmod(self.directory, 0o755)
            if os.getuid() == 0:
                shutil.chown(self.directory, 'postgres', 'postgres')
            port = free_port()
            self.as_postgres([f'{self.pg_bin}/initdb', '-D', f'{self.directory}/data', '-E', 'UTF8', '--locale=C.UTF-8',
                              '--auth=trust', '-U', 'postgres', '--no-instructions'])
            with open(f'{self.directory}/data/postgresql.conf', 'a') as conf:
                conf.write(f"listen_addresses = ''\nport = {port}\nunix_socket_directories = '{self.directory}'\n"
                           "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
            self.as_postgres([f'{self.pg_bin}/pg_ctl', 'start', '-w', '-D', f'{self.directory}/data',
                              '-l', f'{self.directory}/server.log'])
            self.base = f'host={self.directory} port={port} user=postgres'
        self.psql(f'CREATE DATABASE {self.name}', database='postgres')
        self.conninfo = f'{self.base} dbname={self.name}'

    def as_postgres(self, command):
        if os.getuid() == 0:
            command = ['runuser', '-u', 'postgres', '--'] + command
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def psql(self, sql, database=None, user=None):
        conninfo = f"{self.base} dbname={database or self.name}" + (f' user={user}' if user else '')
        result = subprocess.run(['psql', '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', conninfo, '-c', sql],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise AssertionError(f'psql failed: {sql}\n{result.stderr}')
        return result.stdout.strip()

    def drop(self):
        if self.directory:
            self.as_postgres([f'{self.pg_bin}/pg_ctl', 'stop', '-m', 'fast', '-w', '-D', f'{self.directory}/data'])
            shutil.rmtree(self.directory, ignore_errors=True)
        else:
            self.psql(f'DROP DATABASE IF EXISTS {self.name} WITH (FORCE)', database='postgres')


def kite(db, *arguments):
    result = subprocess.run([KITE, *arguments, '--database', db.conninfo], capture_output=True, text=True,
                            env={**os.environ, 'KITE_HOME': ROOT, 'LANG': 'C.UTF-8'}, cwd=ROOT)
    if result.returncode != 0:
        raise AssertionError(f'kite {" ".join(arguments)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}')
    return result.stdout


@unittest.skipIf(MISSING, f'not built or not installed: {", ".join(MISSING)} '
                          '(swift build --product kite-api; apt-get install chromium chromium-driver)')
class AppraiserAppTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix='kite-web-')
        cls.db = Database()
        try:
            kite(cls.db, 'migrate')
            kite(cls.db, 'seed', '--demo')
            # The API's own login first: issuing a token grants the person to every API login.
            api_login = f'web_api_{os.getpid()}'
            cls.db.psql(f'CREATE ROLE {api_login} LOGIN NOINHERIT IN ROLE kite_api')
            cls.login = f'web_appraiser_{os.getpid()}'
            kite(cls.db, 'admin', 'user', 'add', cls.login, '--name', 'Полевая Анна Сергеевна', '--role', 'appraiser',
                 '--dealership', 'MSK')
            issued = kite(cls.db, 'admin', 'token', 'issue', cls.login, '--device', 'Pixel (selenium)')
            cls.token = issued.strip().splitlines()[-1].strip()
            cls.port = free_port()
            config = os.path.join(cls.work, 'kite-api.toml')
            with open(config, 'w') as f:
                f.write(f'listen = "127.0.0.1:{cls.port}"\n'
                        f'database = "{cls.db.conninfo} user={api_login}"\n'
                        f'web_root = "{os.path.join(ROOT, "web")}"\n'
                        f'checklist = "{os.path.join(ROOT, "config/checklists/appraisal.toml")}"\n'
                        'rate_limit_per_minute = 100000\nrate_limit_burst = 10000\n')
            cls.api_log = open(os.path.join(cls.work, 'kite-api.log'), 'w')
            cls.api = subprocess.Popen([KITE_API, '--config', config], stdout=cls.api_log, stderr=subprocess.STDOUT, cwd=ROOT)
            cls.base_url = f'http://127.0.0.1:{cls.port}'
            deadline = time.time() + 30
            while True:
                try:
                    with urllib.request.urlopen(cls.base_url + '/readyz', timeout=2) as r:
                        if r.status == 200:
                            break
                except Exception:
                    pass
                if cls.api.poll() is not None or time.time() > deadline:
                    raise AssertionError('kite-api did not get ready:\n' + open(cls.api_log.name).read())
                time.sleep(0.2)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, 'api', None):
            cls.api.terminate()
            try:
                cls.api.wait(10)
            except subprocess.TimeoutExpired:
                cls.api.kill()
        if getattr(cls, 'db', None):
            cls.db.drop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def setUp(self):
        from appraiser_scenario import Phone
        self.phone = Phone(self.base_url, screenshots=os.environ.get('KITE_WEB_SCREENSHOTS'))

    def tearDown(self):
        self.phone.quit()

    def offer(self, client_id, amount):
        """The back office makes (or changes) the offer, as the TUI's F9 does."""
        appraisal = self.db.psql(f"SELECT id FROM appraisals WHERE client_id = '{client_id}'")
        self.db.psql(f"SELECT appraisal_offer({appraisal}, 1000000, 50000, 100000, 20000, {amount}, 'торг', 'back_office')")

    def test_whole_appraisal_offline_half_way_then_offer_and_answer(self):
        from appraiser_scenario import answer_offer, make_vin, run_appraisal
        vin = make_vin(os.getpid() % 10_000_000)
        q = self.db.psql
        q("INSERT INTO customers (kind, name, dealership_id, phone, updated_by) "
          "SELECT 'person', 'Зарипова Лилия Ренатовна', id, '+79179990011', 'seed' FROM dealerships WHERE code = 'MSK'")
        made = run_appraisal(self.phone, self.token, vin, 'Кузнецов Олег Игоревич', '+7 916 555-12-34',
                             search=('Зарип', 'Зарипова Лилия Ренатовна'), workdir=self.work)
        cid = made['id']

        # The appraisal as the phone made it: its UUID, the phone's time, the server's number.
        row = q(f"SELECT number, vin, make, model, model_year, mileage_km, happened_at IS NOT NULL, appraiser_login "
                f"FROM appraisals WHERE client_id = '{cid}'").split('|')
        self.assertEqual(row[:6], [made['number'], vin, 'Lada', 'Vesta', '2019', '84500'])
        self.assertEqual(row[6:], ['t', self.login])
        aid = q(f"SELECT id FROM appraisals WHERE client_id = '{cid}'")
        self.assertEqual(q(f"SELECT s.name || '|' || s.phone FROM appraisals a JOIN customers s ON s.id = a.seller_id WHERE a.id = {aid}").split('|')[0],
                         'Кузнецов Олег Игоревич')
        # Every checklist item answered once; the dent a severity-2 defect with its note.
        self.assertEqual(q(f'SELECT count(*) FROM appraisal_answers WHERE appraisal_id = {aid}'), str(made['answers']))
        self.assertEqual(q(f"SELECT answer || '|' || severity || '|' || note FROM appraisal_answers "
                           f"WHERE appraisal_id = {aid} AND item_code = 'body.dents'"),
                         'defect|2|вмятина на задней левой двери')
        paint = dict(line.split('|') for line in q(f'SELECT panel, microns FROM appraisal_paint WHERE appraisal_id = {aid}').splitlines())
        self.assertEqual(paint, {k: str(v) for k, v in made['paint'].items()})
        # The photo set, each complete once; the big one resumed after the cut, byte for byte.
        kinds = q(f'SELECT kind FROM appraisal_photos WHERE appraisal_id = {aid} AND complete ORDER BY kind').splitlines()
        self.assertEqual(sorted(kinds), sorted(['damage', 'front', 'rear', 'left', 'right', 'interior', 'odometer', 'vin_plate', 'engine']))
        self.assertEqual(q(f'SELECT count(*) FROM appraisal_photos WHERE appraisal_id = {aid}'), '9')
        rear = q(f"SELECT id FROM appraisal_photos WHERE appraisal_id = {aid} AND kind = 'rear'")
        self.assertEqual(q(f"SELECT encode(sha256(string_agg(data, ''::bytea ORDER BY start)), 'hex') || '|' || sum(length(data)) "
                           f"FROM appraisal_photo_chunks WHERE photo_id = '{rear}'"),
                         f"{made['big_sha256']}|{made['big_size']}")
        self.assertEqual(q(f"SELECT item_code FROM appraisal_photos WHERE appraisal_id = {aid} AND kind = 'damage'"), 'body.dents')

        # The appraisal is in the TUI's appraisals list (the appraiser at the real kite).
        self.assert_in_tui_list(made['number'])

        # The back office offers; the phone shows it; the seller accepts once it is changed:
        # the answer given offline to the first offer is refused, the phone asks again.
        self.offer(cid, 830000)
        self.phone.driver.get(f'{self.base_url}/app/#/a/{cid}/offer')
        self.phone.wait(lambda d: d.find_elements('id', 'offer-amount'), 40, 'the offer pulled')
        self.assertIn('830', self.phone.el('#offer-amount').text)
        self.phone.network(online=False)
        self.phone.click('#offer-accept')
        self.phone.accept_confirm()
        self.phone.wait(lambda d: self.phone.waiting_count() == 1, 10, 'the answer queued')
        self.phone.el('#answer-pending')
        self.offer(cid, 815000)
        self.phone.network(online=True)
        self.phone.wait(lambda d: d.find_elements('id', 'offer-conflict'), 40, 'the offer_changed conflict shown')
        self.assertIn('815', self.phone.el('#offer-amount').text)
        self.assertEqual(self.phone.waiting_count(), 0)
        self.assertEqual(q(f"SELECT state FROM appraisals WHERE id = {aid}"), 'offered')
        self.phone.shot('08-offer-changed')
        answer_offer(self.phone, cid, '815')
        self.phone.wait(lambda d: q(f"SELECT state FROM appraisals WHERE id = {aid}") == 'accepted', 20, 'accepted in the database')

    def assert_in_tui_list(self, number):
        if not shutil.which('tmux'):
            self.skipTest('tmux missing')
        session = f'kite-web-{os.getpid()}'
        conninfo = f'{self.db.conninfo} user={self.login}'
        env = {'LANG': 'ru_RU.UTF-8', 'TERM': 'xterm-256color', 'HOME': '/nonexistent', 'KITE_HOME': ROOT,
               'KITE_LOG': os.path.join(self.work, 'kite.log')}
        command = ' '.join(f"{k}='{v}'" for k, v in env.items()) + f" '{KITE}' --database '{conninfo}' --start stock"
        subprocess.run(['tmux', 'new-session', '-d', '-s', session, '-x', '120', '-y', '40', command], check=True)
        try:
            def pane():
                return subprocess.run(['tmux', 'capture-pane', '-p', '-t', session], capture_output=True, text=True).stdout

            def wait_for(text, timeout=20):
                deadline = time.time() + timeout
                while time.time() < deadline:
                    if text in pane():
                        return
                    time.sleep(0.2)
                raise AssertionError(f'the TUI never showed {text!r}:\n{pane()}')
            wait_for('● в сети')
            subprocess.run(['tmux', 'send-keys', '-t', session, 'M-5'], check=True)
            wait_for('Оценки (выкуп)')
            wait_for(number)
        finally:
            subprocess.run(['tmux', 'send-keys', '-t', session, 'F10'])
            time.sleep(0.5)
            subprocess.run(['tmux', 'kill-session', '-t', session], stderr=subprocess.DEVNULL)


if __name__ == '__main__':
    unittest.main(verbosity=2)
