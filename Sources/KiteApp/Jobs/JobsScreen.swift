import Foundation
import KiteDomain
import KiteStore
import KiteTerminal
import KiteUI

/// Задания: the job queue at a glance (`:jobs`). Jobs per queue and state,
/// the oldest available job, failures in the last hour and the leader; below,
/// the failed jobs (discarded and waiting to retry) with their last error.
/// Enter shows a job's error history; `jobs.retry` runs it again;
/// `jobs.cancel` cancels it after a confirmation. Retry and cancel are for the
/// admin role only (`employees.role`); the database checks its own role
/// `kite_admin` too (migration 0011).
@MainActor
final class JobsScreen: AppScreen {
    unowned let app: KiteApplication
    private(set) var stats: JobStats?
    private(set) var leader: String?
    private(set) var failed: [JobRecord] = []
    private(set) var selected = 0
    private var top = 0
    private var pageSize = 10

    static let states: [JobState] = [.available, .scheduled, .retryable, .running, .completed, .discarded, .cancelled]

    init(app: KiteApplication) {
        self.app = app
        reload()
    }

    var keymapContext: String { "list" }
    var offeredCommands: [String] {
        ["list.open", "list.up", "list.down", "list.page_up", "list.page_down", "list.top", "list.bottom",
         "list.refresh"] + (app.isAdmin ? ["jobs.retry", "jobs.cancel"] : [])
    }
    var title: String { app.language == .ru ? "Задания" : "Jobs" }

    func didReappear() { reload() }

    func handle(_ key: Key) -> Bool { false }

    func reload() {
        struct Snapshot: Sendable { var stats: JobStats; var leader: String?; var failed: [JobRecord] }
        app.database.request(lane: "jobs.load", { connection in
            let queue = JobQueue(connection: connection)
            return Snapshot(stats: try queue.stats(), leader: try queue.leader(name: "kited"),
                            failed: try queue.failedJobs())
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let snapshot):
                let selectedID = self.selectedJob?.id
                self.stats = snapshot.stats
                self.leader = snapshot.leader
                self.failed = snapshot.failed
                self.selected = selectedID.flatMap { id in snapshot.failed.firstIndex { $0.id == id } }
                    ?? min(self.selected, max(0, snapshot.failed.count - 1))
            case .failure(let error):
                self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
        })
    }

    var selectedJob: JobRecord? { failed.indices.contains(selected) ? failed[selected] : nil }

    // MARK: - Commands

    func perform(_ command: String) -> Bool {
        let ru = app.language == .ru
        switch command {
        case "list.up": move(to: selected - 1)
        case "list.down": move(to: selected + 1)
        case "list.page_up": move(to: selected - max(1, pageSize - 1))
        case "list.page_down": move(to: selected + max(1, pageSize - 1))
        case "list.top": move(to: 0)
        case "list.bottom": move(to: failed.count - 1)
        case "list.refresh": reload()
        case "list.open": showHistory()
        case "jobs.retry":
            guard !app.refuseUnlessAdmin(), let job = selectedJob else { return true }
            act(on: job, done: ru ? "Задание \(job.id) поставлено в очередь снова" : "Job \(job.id) queued again") { queue in
                try queue.retry(id: job.id)
            }
        case "jobs.cancel":
            guard !app.refuseUnlessAdmin(), let job = selectedJob else { return true }
            let question = ru ? "Отменить задание \(job.id) (\(Sanitizer.clean(job.kind)))? Оно больше не будет выполняться."
                              : "Cancel job \(job.id) (\(Sanitizer.clean(job.kind)))? It will not run again."
            app.confirm(question) { [weak self] in
                let login = self?.app.login ?? "?"
                self?.act(on: job, done: ru ? "Задание \(job.id) отменено" : "Job \(job.id) cancelled") { queue in
                    try queue.cancel(id: job.id, reason: "cancelled by \(login) in kite")
                }
            }
        default:
            return false
        }
        return true
    }

    private func move(to index: Int) {
        guard !failed.isEmpty else { return }
        selected = max(0, min(index, failed.count - 1))
    }

    private func act(on job: JobRecord, done: String, _ work: @escaping @Sendable (JobQueue) throws -> Bool) {
        let ru = app.language == .ru
        app.database.request(lane: "jobs.act", { connection in
            try work(JobQueue(connection: connection))
        }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(true): self.app.showMessage(done)
            case .success(false):
                self.app.showError(ru ? "Задание \(job.id) уже выполняется или завершено" : "Job \(job.id) is running or already finished")
            case .failure(let error as DatabaseError) where error.constraint == "kite_admin_role":
                self.app.showError(ru ? "База данных отказала: логин базы данных не входит в роль kite_admin (повторять и отменять задания может только администратор)"
                                      : "The database refused: the database login is not a member of kite_admin (only admins may retry and cancel jobs)")
            case .failure(let error): self.app.showError(ErrorText.describe(error, language: self.app.language))
            }
            self.reload()
        })
    }

    /// The selected job's arguments and every failed attempt.
    private func showHistory() {
        guard let job = selectedJob else { return }
        let ru = app.language == .ru
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = ru ? "dd.MM.yyyy HH:mm:ss" : "yyyy-MM-dd HH:mm:ss"
        var groups = [HelpGroup(ru ? "Задание" : "Job", [
            HelpEntry(ru ? "Вид" : "Kind", Sanitizer.clean(job.kind)),
            HelpEntry(ru ? "Очередь" : "Queue", job.queue),
            HelpEntry(ru ? "Аргументы" : "Args", Sanitizer.clean(job.args)),
            HelpEntry(ru ? "Состояние" : "State", Self.stateName(job.state).text(app.language)),
            HelpEntry(ru ? "Попытка" : "Attempt", "\(job.attempt)/\(job.maxAttempts)"),
        ])]
        groups.append(HelpGroup(ru ? "Ошибки" : "Errors", job.errors.map { error in
            HelpEntry("#\(error.attempt) " + formatter.string(from: error.at), Sanitizer.clean(error.error))
        }))
        app.overlay = .help(HelpOverlay(groups: groups, title: (ru ? "Задание " : "Job ") + String(job.id),
                                        language: app.language))
    }

    static func stateName(_ state: JobState) -> LocalizedText {
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

    // MARK: - Drawing

    func draw(on surface: Surface, in rect: Rect) {
        let ru = app.language == .ru
        guard let stats else {
            surface.put(ru ? " Загрузка…" : " Loading…", row: rect.row + 1, column: 1, style: Style(.dim))
            return
        }
        var row = rect.row
        // Counts per queue and state.
        let queues = Set(stats.counts.map(\.queue)).sorted()
        let headers = [ru ? "Очередь" : "Queue"] + Self.states.map { Self.stateName($0).text(app.language) }
            + [ru ? "старейшее" : "oldest"]
        var table: [[String]] = [headers]
        for queue in queues {
            table.append([Sanitizer.clean(queue)] + Self.states.map { String(stats.count(queue: queue, state: $0)) }
                         + [stats.oldestAvailableAge[queue].map(Self.age) ?? "—"])
        }
        if queues.isEmpty { table.append([ru ? "(пусто)" : "(empty)"] + Self.states.map { _ in "0" } + ["—"]) }
        let widths = headers.indices.map { column in table.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        for (index, line) in table.enumerated() where row < rect.row + rect.height {
            let text = line.enumerated().map { column, cell in
                DisplayWidth.pad(cell, to: widths[column], alignment: column == 0 ? .left : .right)
            }.joined(separator: "  ")
            surface.put(" " + text, row: row, column: rect.column, style: Style(index == 0 ? .header : .normal),
                        maxWidth: rect.width)
            row += 1
        }
        row += 1
        let failures = ru ? "Сбоев за час: \(stats.failuresLastHour) (отброшено \(stats.discardedLastHour))"
                          : "Failures in the last hour: \(stats.failuresLastHour) (discarded \(stats.discardedLastHour))"
        let leaderText = (ru ? "лидер: " : "leader: ") + (leader.map(Sanitizer.clean) ?? (ru ? "нет (kited не запущен?)" : "none (is kited running?)"))
        surface.put(" " + failures + " · " + leaderText, row: row, column: rect.column,
                    style: Style(stats.failuresLastHour > 0 ? .warning : .normal), maxWidth: rect.width)
        row += 2

        // The failed jobs.
        guard row < rect.row + rect.height else { return }
        let heading = ru ? "── Сбойные задания (\(failed.count)) " : "── Failed jobs (\(failed.count)) "
        surface.put(DisplayWidth.pad(heading, to: rect.width).replacingOccurrences(of: "  ", with: "──"),
                    row: row, column: rect.column, style: Style(.border), maxWidth: rect.width)
        row += 1
        if failed.isEmpty {
            surface.put(ru ? " Нет сбойных заданий" : " No failed jobs", row: row, column: rect.column, style: Style(.dim),
                        maxWidth: rect.width)
            return
        }
        let idWidth = failed.map { String($0.id).count }.max() ?? 1
        let kindWidth = min(22, failed.map { DisplayWidth.of(Sanitizer.clean($0.kind)) }.max() ?? 4)
        let stateWidth = Self.states.map { DisplayWidth.of(Self.stateName($0).text(app.language)) }.max() ?? 6
        pageSize = max(1, rect.row + rect.height - row)
        if selected < top { top = selected }
        if selected >= top + pageSize { top = selected - pageSize + 1 }
        for index in top..<min(failed.count, top + pageSize) {
            let job = failed[index]
            let lastError = Sanitizer.clean(job.errors.last?.error ?? "")
            let text = " " + DisplayWidth.pad(String(job.id), to: idWidth, alignment: .right) + "  "
                + DisplayWidth.pad(DisplayWidth.truncate(Sanitizer.clean(job.kind), to: kindWidth), to: kindWidth) + "  "
                + DisplayWidth.pad(Self.stateName(job.state).text(app.language), to: stateWidth) + "  "
                + DisplayWidth.pad("\(job.attempt)/\(job.maxAttempts)", to: 5) + "  " + lastError
            let style = index == selected ? Style(.selected) : Style(job.state == .discarded ? .error : .normal)
            if index == selected { surface.fill(row: row, column: rect.column, width: rect.width, character: " ", style: style) }
            surface.put(DisplayWidth.truncate(text, to: rect.width), row: row, column: rect.column, style: style,
                        maxWidth: rect.width)
            row += 1
        }
    }

    /// `42 s`, `3 min`, `2 h 10 min`, `3 d 4 h`.
    static func age(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" }
        if s < 86400 { return "\(s / 3600) h \(s % 3600 / 60) min" }
        return "\(s / 86400) d \(s % 86400 / 3600) h"
    }
}
