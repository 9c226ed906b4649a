import Foundation
import KiteDomain
import KiteStore
import KiteTerminal

/// The checks and the job queue on the home screen: subjects with a failed check (Enter
/// lists them), jobs waiting and running with the oldest wait, failures in the last hour
/// (Enter opens `:jobs`).
extension JobsModule {
    public var homeTiles: [HomeTileGroup] {
        [HomeTileGroup(JobsHomeText.group.text, [
            HomeTile.count("checks.failed", JobsHomeText.failedChecks.text, attentionAbove: 0) { app in
                app.showFailedChecks()
            },
            HomeTile("jobs.queue", JobsHomeText.queue.text, value: { counts, language in
                JobsHomeText.queueValue(language, ["waiting": HomeTile.grouped(counts.count("jobs.waiting")),
                                                   "running": HomeTile.grouped(counts.count("jobs.running"))])
            }, attention: { $0.count("jobs.oldest_seconds") > 300 }, open: { app in app.openJobsFromHome() }),
            HomeTile("jobs.oldest", JobsHomeText.oldest.text, value: { counts, language in
                let seconds = counts.count("jobs.oldest_seconds")
                return counts.count("jobs.waiting") == 0 ? "—" : JobsHomeText.minutes(language, ["minutes": String(seconds / 60)])
            }, attention: { $0.count("jobs.oldest_seconds") > 300 }, open: { app in app.openJobsFromHome() }),
            HomeTile.count("jobs.failed_hour", JobsHomeText.failedHour.text, attentionAbove: 0) { app in
                app.openJobsFromHome()
            },
        ])]
    }
}

extension KiteApplication {
    func openJobsFromHome() {
        goToRoot { app in app.openList("jobs", source: { _ in JobsListSource(app: app) }) }
    }

    /// The failed checks the tile counts, in a box: subject, check, details.
    func showFailedChecks() {
        let language = self.language
        database.request({ try HomeRepository(connection: $0).failedChecks() }, completion: { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let checks) where checks.isEmpty:
                self.showMessage(HomeText.noFailedChecks(language), role: .ok)
            case .success(let checks):
                let entries = checks.map { check in
                    (label: check.subject, text: check.checkName + (check.details.isEmpty ? "" : " — " + check.details))
                }
                self.showDetails(title: HomeText.failedChecksTitle(language), (title: HomeText.failedChecksTitle(language), entries: entries))
            case .failure(let error):
                self.showError(ErrorText.describe(error, language: language))
            }
        })
    }
}

enum JobsHomeText: TextKey {
    case group, failedChecks, queue, queueValue, oldest, minutes, failedHour

    var text: LocalizedText {
        switch self {
        case .group: LocalizedText(ru: "Проверки и задания", en: "Checks and jobs")
        case .failedChecks: LocalizedText(ru: "Проверки не пройдены", en: "Failed checks")
        case .queue: LocalizedText(ru: "Очередь", en: "Queue")
        case .queueValue: LocalizedText(ru: "ждут {waiting} · идут {running}", en: "{waiting} waiting · {running} running")
        case .oldest: LocalizedText(ru: "Дольше всех ждёт", en: "Oldest wait")
        case .minutes: LocalizedText(ru: "{minutes} мин", en: "{minutes} min")
        case .failedHour: LocalizedText(ru: "Сбои за час", en: "Failures, last hour")
        }
    }
}
