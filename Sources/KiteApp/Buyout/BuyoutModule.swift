import Foundation
import KiteDomain
import KiteStore
import KiteUI

/// Выкуп: the appraisals of used cars (`:appraisals`, Alt-5) — newest first, live (LISTEN
/// `appraisals`), filtered by state, by the appraiser (mine / all), by source, and the
/// offers running out within three days.
public struct BuyoutModule: KiteModule {
    public init() {}

    public var name: String { "buyout" }

    public var commands: [Command] {
        [
            Command("app.appraisals", "Выкуп", "Buyout", "Перейти к оценкам автомобилей с пробегом", "Go to the used-car appraisals"),
            Command("appraisals.filter_state", "Состояние", "State", "Показать оценки в выбранном состоянии",
                    "Show the appraisals in the chosen state", hint: 64),
            Command("appraisals.mine", "Мои", "Mine", "Только мои оценки / все", "Only my appraisals / all", hint: 65),
            Command("appraisals.filter_appraiser", "Оценщик", "Appraiser", "Показать оценки выбранного оценщика",
                    "Show the appraisals of the chosen appraiser"),  // in F1's list, not the hint bar (F10 would not fit at 160)
            Command("appraisals.filter_source", "Источник", "Source", "Показать оценки из выбранного источника",
                    "Show the appraisals from the chosen source", hint: 66),
            Command("appraisals.expiring", "Истекают", "Expiring", "Только предложения, истекающие в ближайшие 3 дня / все",
                    "Only offers running out within 3 days / all", hint: 67),
            Command("appraisals.approve", "Согласовать", "Approve", "Согласовать предложение выше лимита (старший, не запросивший)",
                    "Approve an offer above the limit (a senior other than the one who asked)", hint: 68),
            Command("appraisals.answer", "Ответ", "Answer", "Ответ продавца: согласен или отказ с причиной",
                    "The seller's answer: accepted, or declined with the reason", hint: 69),
            Command("appraisals.details", "Сводка", "Summary", "Показать оценку: разбор предложения, дефекты, замеры ЛКП",
                    "Show the appraisal: the offer's breakdown, the defects, the paint readings", hint: 63),
            Command("appraisal.offer", "Предложение", "Offer", "Сделать или изменить предложение (причина, если не по формуле)",
                    "Make or change the offer (with the reason when it is not the formula's)", context: "form", hint: 40),
            Command("appraisal.print", "Печать", "Print", "Напечатать договор купли-продажи ТС с продавцом в PDF",
                    "Print the purchase contract with the seller to PDF", context: "form", hint: 58),
            Command("appraisals.report", "Отчёт", "Report", "Отчёт по выкупу: доля выкупленных, подготовка оценка/факт",
                    "The buyout report: look-to-book, reconditioning estimate against actual"),
            Command("buyout_report.period", "Период", "Period", "Выбрать период отчёта", "Choose the report's period", hint: 64),
            Command("buyout_report.export", "CSV", "CSV", "Сохранить отчёт в CSV для Excel", "Save the report as CSV for Excel", hint: 72),
            Command("appraisals.buy", "Выкупить", "Buy", "Выкупить автомобиль: на склад как б/у, выплата продавцу",
                    "Buy the car: into stock as used, the payout to the seller", dangerous: true, hint: 70),
        ]
    }

    public var entities: [String: Set<String>] {
        ["appraisal": ["number", "state", "source", "dealership", "appraiser", "seller", "vin", "car", "year", "mileage_km",
                       "offer", "valid_until", "photos", "created_at", "seller_id", "source", "make", "model", "model_year", "body",
                       "colour", "plate", "pts_kind", "pts_number", "owners", "keys_count", "service_book", "notes", "deal_id"],
         "appraisal_answer": ["section", "item", "answer", "severity", "note"],
         "appraisal_paint": ["panel", "microns", "verdict"],
         "appraisal_line": ["description", "amount"],
         "buyout_reconditioning": ["number", "stock_number", "car", "appraiser", "estimate", "actual", "difference"]]
    }

    public var commandWords: [CommandWord] {
        [CommandWord(["appraisals", "оценки", "выкуп"]) { app, rest in app.openAppraisals(filter: rest) },
         CommandWord(["buyout-report", "отчёт-выкуп", "отчет-выкуп"]) { app, _ in app.openBuyoutReport() }]
    }

    public var changeChannels: [ChangeChannel] {
        [ChangeChannel("appraisals") { payload in Int64(payload).map { AppraisalChanged(id: $0) } }]
    }

    /// The trade-in's deal on the appraisal card.
    public var lookupTargets: Set<String> { ["deal"] }

    public var texts: [any TextKey.Type] { [BuyoutText.self, AppraisalRefusalText.self, AppraisalCardText.self, BuyoutHomeText.self, BuyoutReportText.self] }

    @MainActor public func run(_ command: String, app: KiteApplication) -> Bool {
        guard command == "app.appraisals" else { return false }
        app.goToRoot { app in app.openAppraisals(filter: "") }
        return true
    }
}

extension KiteApplication {
    func openAppraisals(filter: String) {
        openList("appraisals", source: { AppraisalListSource(app: self, form: $0.form) }, filter: filter)
    }
}

/// The buyout module's texts.
enum BuyoutText: TextKey {
    case noAppraisals, stateChip, sourceChip, chipAll, chipMine, chipExpiring, allStates, allSources, showState, showSource
    case appraiserChip, allAppraisers, showAppraiser
    case noneSelected, sellerAccepts, sellerDeclines, answerTitle, declineTitle, reason, buyQuestion, done
    case carLabel, stateLabel, until, retailLabel, reconditioningLabel, marginLabel, holdingLabel, offerLabel
    case comparablesLabel, comparablesText, estimateLabel

    var text: LocalizedText {
        switch self {
        case .noAppraisals: LocalizedText(ru: "Оценок нет", en: "No appraisals")
        case .stateChip: LocalizedText(ru: "Состояние: {state}", en: "State: {state}")
        case .sourceChip: LocalizedText(ru: "Источник: {source}", en: "Source: {source}")
        case .chipAll: LocalizedText(ru: "все", en: "all")
        case .chipMine: LocalizedText(ru: "мои", en: "mine")
        case .appraiserChip: LocalizedText(ru: "Оценщик: {login}", en: "Appraiser: {login}")
        case .allAppraisers: LocalizedText(ru: "Все оценщики", en: "All appraisers")
        case .showAppraiser: LocalizedText(ru: "Показать оценщика", en: "Show the appraiser")
        case .chipExpiring: LocalizedText(ru: "истекают за 3 дня", en: "running out within 3 days")
        case .allStates: LocalizedText(ru: "Все состояния", en: "All states")
        case .allSources: LocalizedText(ru: "Все источники", en: "All sources")
        case .showState: LocalizedText(ru: "Показать состояние", en: "Show the state")
        case .showSource: LocalizedText(ru: "Показать источник", en: "Show the source")
        case .noneSelected: LocalizedText(ru: "Выберите оценку в списке", en: "Select an appraisal in the list")
        case .sellerAccepts: LocalizedText(ru: "Продавец согласен", en: "The seller accepts")
        case .sellerDeclines: LocalizedText(ru: "Продавец отказался…", en: "The seller declines…")
        case .answerTitle: LocalizedText(ru: "Ответ продавца по оценке {number}", en: "The seller's answer on {number}")
        case .declineTitle: LocalizedText(ru: "Отказ продавца", en: "The seller declines")
        case .reason: LocalizedText(ru: "Причина", en: "Reason")
        case .buyQuestion: LocalizedText(ru: "Выкупить {car} по оценке {number} за {price}?", en: "Buy the {car} of {number} for {price}?")
        case .done: LocalizedText(ru: "Оценка {number}: {state}", en: "Appraisal {number}: {state}")
        case .carLabel: LocalizedText(ru: "Автомобиль", en: "Car")
        case .stateLabel: LocalizedText(ru: "Состояние", en: "State")
        case .until: LocalizedText(ru: "до {date}", en: "until {date}")
        case .retailLabel: LocalizedText(ru: "Ожидаемая цена продажи", en: "Expected retail")
        case .reconditioningLabel: LocalizedText(ru: "− Подготовка", en: "− Reconditioning")
        case .marginLabel: LocalizedText(ru: "− Целевая маржа", en: "− Target margin")
        case .holdingLabel: LocalizedText(ru: "− Стоимость хранения", en: "− Holding cost")
        case .offerLabel: LocalizedText(ru: "= Предложение", en: "= Offer")
        case .comparablesLabel: LocalizedText(ru: "Продажи группы", en: "Group's sales")
        case .estimateLabel: LocalizedText(ru: "Рыночная оценка", en: "Market estimate")
        case .comparablesText: LocalizedText(ru: "{count} шт., медиана {median} ({low}–{high}), {days} дн. на складе, надёжность: {confidence}",
                                             en: "{count}, median {median} ({low}–{high}), {days} days in stock, confidence: {confidence}")
        }
    }
}

/// Оценки on the browser, through `AppraisalRepository.list`.
@MainActor
final class AppraisalListSource: ListSource {
    unowned let app: KiteApplication
    let form: String?
    var state: AppraisalState?
    var source: AppraisalSource?
    /// Whose appraisals: `m` toggles the person's own login, `M` picks one (nil: everyone's).
    var appraiser: String?
    var expiring = false
    /// `[price_provider]` of kite.toml, for the summary's market estimate (nil: none).
    let priceProvider: (any PriceProvider)?
    /// The checklist file's paint thresholds (per make), read when a summary first needs them.
    private(set) lazy var checklist: AppraisalChecklist = (try? AppraisalChecklistFile.load(paths: self.app.environment.paths)) ?? AppraisalChecklist()

    init(app: KiteApplication, form: String?) {
        self.app = app
        self.form = form
        priceProvider = app.environment.config.priceProvider?.makeProvider()
    }

    func reader(_ request: PageRequest<AppraisalListRow>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [AppraisalListRow])? {
        guard let (skip, limit) = request.offsetWindow else { return nil }
        let filter = AppraisalFilter(states: state.map { [$0] } ?? [], sources: source.map { [$0] } ?? [],
                                     appraiserLogin: appraiser, expiringWithinDays: expiring ? 3 : nil, text: text)
        return { connection in
            try AppraisalRepository(connection: connection).list(filter, offset: skip, limit: limit).map(AppraisalListRow.init)
        }
    }

    var chips: [String] {
        let language = app.language
        var parts = [BuyoutText.stateChip(language, ["state": state?.label.text(language) ?? BuyoutText.chipAll(language)])]
        if let source { parts.append(BuyoutText.sourceChip(language, ["source": source.label.text(language)])) }
        if let appraiser {
            parts.append(appraiser == app.login ? BuyoutText.chipMine(language) : BuyoutText.appraiserChip(language, ["login": appraiser]))
        }
        if expiring { parts.append(BuyoutText.chipExpiring(language)) }
        return parts
    }

    var emptyMessage: LocalizedText { BuyoutText.noAppraisals.text }


    func perform(_ command: String, selected: AppraisalListRow?, in browser: BrowserScreen<AppraisalListSource>) -> Bool {
        let language = app.language
        switch command {
        case "appraisals.mine": appraiser = appraiser == app.login ? nil : app.login
        case "appraisals.filter_appraiser":
            app.database.request(lane: "appraisals.appraisers", { connection in
                try AppraisalRepository(connection: connection).appraisers()
            }, completion: { [weak self, weak browser] result in
                guard let self else { return }
                switch result {
                case .success(let appraisers):
                    var choices = [ChoicePicker.Choice(value: "", label: BuyoutText.allAppraisers(language))]
                    choices += appraisers.map { ChoicePicker.Choice(value: $0.login, label: "\($0.name) (\($0.login))") }
                    self.app.pick(ChoicePicker(title: BuyoutText.showAppraiser(language), choices: choices,
                                               selectedValue: self.appraiser ?? "")) { [weak self, weak browser] value in
                        self?.appraiser = value.isEmpty ? nil : value
                        browser?.reload()
                    }
                case .failure(let error):
                    self.app.showRefusal(ErrorText.describe(error, language: language))
                }
            })
            return true
        case "appraisals.expiring": expiring.toggle()
        case "appraisals.filter_state":
            var choices = [ChoicePicker.Choice(value: "", label: BuyoutText.allStates(language))]
            choices += AppraisalState.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: BuyoutText.showState(language), choices: choices,
                                  selectedValue: state?.rawValue ?? "")) { [weak self, weak browser] value in
                self?.state = AppraisalState(rawValue: value)
                browser?.reload()
            }
            return true
        case "appraisals.filter_source":
            var choices = [ChoicePicker.Choice(value: "", label: BuyoutText.allSources(language))]
            choices += AppraisalSource.allCases.map { ChoicePicker.Choice(value: $0.rawValue, label: $0.label.text(language)) }
            app.pick(ChoicePicker(title: BuyoutText.showSource(language), choices: choices,
                                  selectedValue: source?.rawValue ?? "")) { [weak self, weak browser] value in
                self?.source = AppraisalSource(rawValue: value)
                browser?.reload()
            }
            return true
        default: return performOnSelected(command, selected: selected, in: browser)
        }
        browser.reload()
        return true
    }

    func clearFilters() {
        state = nil
        source = nil
        appraiser = nil
        expiring = false
    }

    func affects(_ event: any ChangeEvent, browser: BrowserScreen<AppraisalListSource>) -> Bool { event is AppraisalChanged }
}

/// A line of the appraisals list.
struct AppraisalListRow: ListRow {
    var row: AppraisalRow

    init(_ row: AppraisalRow) { self.row = row }

    var rowID: Int64 { row.id }

    func value(_ field: String) -> CellValue {
        switch field {
        case "number": .text(row.number)
        case "state": .label(row.state.label)
        case "source": .label(row.source.label)
        case "dealership": .text(row.dealershipCode)
        case "appraiser": .text(row.appraiserLogin)
        case "seller": .text(row.sellerName)
        case "vin": .text(row.vin)
        case "car": .text(row.makeModel)
        case "year": .integer(row.modelYear)
        case "mileage_km": .integer(row.mileageKm)
        case "offer": row.offerAmount.map { .money($0) } ?? .none
        case "valid_until": row.offerValidUntil.map { .day($0) } ?? .none
        case "photos": .integer(row.photoCount)
        default: .none
        }
    }
}

/// An appraisal changed (LISTEN `appraisals`, payload its id).
public struct AppraisalChanged: ChangeEvent, Hashable {
    public var id: Int64
}
