import KiteDomain
import KiteUI

/// Задания: the job queue of `kited` at a glance, retry and cancel for admins.
public struct JobsModule: KiteModule {
    public init() {}

    public var name: String { "jobs" }

    public var commands: [Command] {
        [
            Command("jobs.retry", "Повторить", "Retry", "Запустить выбранное задание снова", "Run the selected job again", hint: 50),
            Command("jobs.cancel", "Отменить", "Cancel job", "Отменить выбранное задание (с подтверждением)", "Cancel the selected job (asks first)", dangerous: true, hint: 60),
        ]
    }

    public var entities: [String: Set<String>] { ["job": ["id", "kind", "queue", "state", "attempt", "error"]] }

    public var texts: [any TextKey.Type] { [JobsText.self, JobsHomeText.self] }

    public var commandWords: [CommandWord] {
        [CommandWord(["jobs", "задания"]) { app, _ in
            guard !(app.stack.last is BrowserScreen<JobsListSource>) else { return }
            app.openList("jobs", source: { _ in JobsListSource(app: app) })
        }]
    }
}
