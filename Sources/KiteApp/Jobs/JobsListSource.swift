import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Задания on the browser: the failed jobs, with the queue's counts above them.
/// Enter shows a job's error history; `jobs.retry` runs it again; `jobs.cancel` cancels
/// it after a confirmation — both for the admin role only (the database checks its
/// own role `kite_admin` too, migration 0011).
@MainActor
final class JobsListSource: ListSource {
    unowned let app: KiteApplication
    weak var browser: BrowserScreen<JobsListSource>?
    private(set) var stats: JobStats?
    private(set) var leader: String?

    nonisolated static let states: [JobState] = [.available, .scheduled, .retryable, .running, .completed, .discarded, .cancelled]

    func attach(to browser: BrowserScreen<JobsListSource>) { self.browser = browser }

    init(app: KiteApplication) {
        self.app = app
    }

    func reader(_ request: PageRequest<JobRecord>, text: String, sort: ListSort?) -> (@Sendable (PGConnection) throws -> [JobRecord])? {
        guard case .first(let limit) = request else { return nil }
        loadStats()
        return { try JobQueue(connection: $0).failedJobs(limit: limit) }
    }

    private func loadStats() {
        struct Snapshot: Sendable { var stats: JobStats; var leader: String? }
        app.database.request(lane: ownLane("jobs.stats"), { connection in
            let queue = JobQueue(connection: connection)
            return Snapshot(stats: try queue.stats(), leader: try queue.leader(name: "kited"))
        }, completion: { [weak self] result in
            guard let self, case .success(let snapshot) = result else { return }
            self.stats = snapshot.stats
            self.leader = snapshot.leader
        })
    }

    private func ownLane(_ name: String) -> String { "\(name).\(ObjectIdentifier(self).hashValue)" }

    var chips: [String] { [JobsText.failedJobsChip(app.language)] }
    var emptyMessage: LocalizedText { LocalizedText(ru: "Нет сбойных заданий", en: "No failed jobs") }

    func unavailableReason(_ command: String) -> LocalizedText? {
        guard command == "jobs.retry" || command == "jobs.cancel" else { return nil }
        if !app.isAdmin {
            return LocalizedText(ru: "Только для администратора: повторять и отменять задания может роль «администратор»",
                                 en: "Admins only: retrying and cancelling jobs need the admin role")
        }
        if browser?.selectedRow == nil {
            return LocalizedText(ru: "Нет сбойных заданий: повторять и отменять нечего",
                                 en: "No failed jobs: nothing to retry or cancel")
        }
        return nil
    }

    func open(_ job: JobRecord, in browser: BrowserScreen<JobsListSource>) { showHistory(job) }

    func perform(_ command: String, selected: JobRecord?, in browser: BrowserScreen<JobsListSource>) -> Bool {
        let language = app.language
        switch command {
        case "jobs.retry":
            guard let job = selected else { return true }
            act(on: job, done: JobsText.queuedAgain(language, ["id": String(job.id)])) { queue in
                try queue.retry(id: job.id)
            }
        case "jobs.cancel":
            guard let job = selected else { return true }
            let question = JobsText.confirmCancel(language, ["id": String(job.id), "kind": Sanitizer.clean(job.kind)])
            app.confirm(question) { [weak self] in
                let login = self?.app.login ?? "?"
                self?.act(on: job, done: JobsText.cancelled(language, ["id": String(job.id)])) { queue in
                    try queue.cancel(id: job.id, reason: "cancelled by \(login) in kite")
                }
            }
        default:
            return false
        }
        return true
    }

    private func act(on job: JobRecord, done: String, _ work: @escaping @Sendable (JobQueue) throws -> Bool) {
        let language = app.language
        app.database.request(lane: ownLane("jobs.act"), { connection in
            try work(JobQueue(connection: connection))
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(true): self.app.showMessage(done)
            case .success(false):
                self.app.showError(JobsText.runningOrFinished(language, ["id": String(job.id)]))
            case .failure(let error as DatabaseError) where error.constraint == "kite_admin_role":
                self.app.showError(JobsText.notInAdminRole(language))
            case .failure(let error): self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
            self.browser?.reload(keepSelection: true)
        })
    }

    /// The job's arguments and every failed attempt.
    private func showHistory(_ job: JobRecord) {
        let language = app.language
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = JobsText.timestampFormat(language)
        formatter.timeZone = DisplayTime.timeZone
        var groups = [HelpGroup(JobsText.job(language), [
            HelpEntry(JobsText.kind(language), Sanitizer.clean(job.kind)),
            HelpEntry(JobsText.queue(language), job.queue),
            HelpEntry(JobsText.arguments(language), Sanitizer.clean(job.args)),
            HelpEntry(JobsText.state(language), Self.stateName(job.state).text(language)),
            HelpEntry(JobsText.attempt(language), "\(job.attempt)/\(job.maxAttempts)"),
        ])]
        groups.append(HelpGroup(JobsText.errors(language), job.errors.map { error in
            HelpEntry("#\(error.attempt) " + formatter.string(from: error.at), Sanitizer.clean(error.error))
        }))
        app.overlay = .help(HelpOverlay(groups: groups, title: JobsText.jobTitle(language, ["id": String(job.id)]),
                                        language: app.language))
    }

    nonisolated static func stateName(_ state: JobState) -> LocalizedText {
        switch state {
        case .available: LocalizedText(ru: "ждёт", en: "available")
        case .scheduled: LocalizedText(ru: "по плану", en: "scheduled")
        case .retryable: LocalizedText(ru: "повтор", en: "retryable")
        case .running: LocalizedText(ru: "идёт", en: "running")
        case .completed: LocalizedText(ru: "готово", en: "completed")
        case .discarded: LocalizedText(ru: "сбой", en: "discarded")
        case .cancelled: LocalizedText(ru: "отменено", en: "cancelled")
        }
    }

    // MARK: - The counts above the list

    private var countLines: [[String]] {
        guard let stats else { return [] }
        let language = app.language
        let queues = Set(stats.counts.map(\.queue)).sorted()
        var table = [[JobsText.queue(language)] + Self.states.map { Self.stateName($0).text(language) } + [JobsText.oldest(language)]]
        for queue in queues {
            table.append([Sanitizer.clean(queue)] + Self.states.map { String(stats.count(queue: queue, state: $0)) }
                         + [stats.oldestAvailableAge[queue].map(Self.age) ?? "—"])
        }
        if queues.isEmpty { table.append([JobsText.noQueues(language)] + Self.states.map { _ in "0" } + ["—"]) }
        return table
    }

    func headerHeight(width: Int) -> Int { stats == nil ? 1 : countLines.count + 3 }

    func drawHeader(on surface: Surface, in rect: Rect) {
        let language = app.language
        guard let stats else {
            surface.put(" " + UIText.loadingPane(language), row: rect.row, column: 1, style: Style(.dim))
            return
        }
        let table = countLines
        let widths = table[0].indices.map { column in table.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        var row = rect.row
        for (index, line) in table.enumerated() where row < rect.row + rect.height {
            let text = line.enumerated().map { column, cell in
                DisplayWidth.pad(cell, to: widths[column], alignment: column == 0 ? .left : .right)
            }.joined(separator: "  ")
            surface.put(" " + text, row: row, column: rect.column, style: Style(index == 0 ? .header : .normal), maxWidth: rect.width)
            row += 1
        }
        row += 1
        let failures = JobsText.failuresLastHour(language, ["failures": String(stats.failuresLastHour),
                                                            "discarded": String(stats.discardedLastHour)])
        let leaderText = JobsText.leader(language, ["leader": leader.map(Sanitizer.clean) ?? JobsText.noLeader(language)])
        if row < rect.row + rect.height {
            surface.put(" " + failures + " · " + leaderText, row: row, column: rect.column,
                        style: Style(stats.failuresLastHour > 0 ? .warning : .normal), maxWidth: rect.width)
        }
    }

    /// `42 s`, `3 min`, `2 h 10 min`, `3 d 4 h`.
    nonisolated static func age(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" }
        if s < 86400 { return "\(s / 3600) h \(s % 3600 / 60) min" }
        return "\(s / 86400) d \(s % 86400 / 3600) h"
    }
}

extension JobRecord: ListRow {
    var rowID: Int64 { id }

    func value(_ field: String) -> CellValue {
        switch field {
        case "id": .text(String(id))
        case "kind": .text(kind)
        case "queue": .text(queue)
        case "state": .label(JobsListSource.stateName(state))
        case "attempt": .text("\(attempt)/\(maxAttempts)")
        case "error": .text(errors.last?.error ?? "")
        default: .none
        }
    }
}
