import KiteDomain

/// The jobs module's user-facing texts: the failed-jobs list, its counts header,
/// retry and cancel, a job's history.
enum JobsText: TextKey {
    case failedJobsChip
    case queuedAgain
    case confirmCancel
    case cancelled
    case runningOrFinished
    case notInAdminRole
    case job
    case jobTitle
    case kind
    case queue
    case arguments
    case state
    case attempt
    case errors
    case timestampFormat
    case oldest
    case noQueues
    case failuresLastHour
    case leader
    case noLeader

    var text: LocalizedText {
        switch self {
        case .failedJobsChip: LocalizedText(ru: "Сбойные задания", en: "Failed jobs")
        case .queuedAgain: LocalizedText(ru: "Задание {id} поставлено в очередь снова", en: "Job {id} queued again")
        case .confirmCancel:
            LocalizedText(ru: "Отменить задание {id} ({kind})? Оно больше не будет выполняться.",
                          en: "Cancel job {id} ({kind})? It will not run again.")
        case .cancelled: LocalizedText(ru: "Задание {id} отменено", en: "Job {id} cancelled")
        case .runningOrFinished:
            LocalizedText(ru: "Задание {id} уже выполняется или завершено", en: "Job {id} is running or already finished")
        case .notInAdminRole:
            LocalizedText(ru: "База данных отказала: логин базы данных не входит в роль kite_admin (повторять и отменять задания может только администратор)",
                          en: "The database refused: the database login is not a member of kite_admin (only admins may retry and cancel jobs)")
        case .job: LocalizedText(ru: "Задание", en: "Job")
        case .jobTitle: LocalizedText(ru: "Задание {id}", en: "Job {id}")
        case .kind: LocalizedText(ru: "Вид", en: "Kind")
        case .queue: LocalizedText(ru: "Очередь", en: "Queue")
        case .arguments: LocalizedText(ru: "Аргументы", en: "Args")
        case .state: LocalizedText(ru: "Состояние", en: "State")
        case .attempt: LocalizedText(ru: "Попытка", en: "Attempt")
        case .errors: LocalizedText(ru: "Ошибки", en: "Errors")
        // A DateFormatter pattern: the time of each failed attempt.
        case .timestampFormat: LocalizedText(ru: "dd.MM.yyyy HH:mm:ss", en: "yyyy-MM-dd HH:mm:ss")
        case .oldest: LocalizedText(ru: "старейшее", en: "oldest")
        case .noQueues: LocalizedText(ru: "(пусто)", en: "(empty)")
        case .failuresLastHour:
            LocalizedText(ru: "Сбоев за час: {failures} (отброшено {discarded})",
                          en: "Failures in the last hour: {failures} (discarded {discarded})")
        case .leader: LocalizedText(ru: "лидер: {leader}", en: "leader: {leader}")
        case .noLeader: LocalizedText(ru: "нет (kited не запущен?)", en: "none (is kited running?)")
        }
    }
}
