import Foundation
import KiteDomain
import KiteStore

/// Turns database errors into sentences a sales manager understands.
public enum ErrorText {
    public static func describe(_ error: any Error, language: Language) -> String {
        let ru = language == .ru
        if let stale = error as? StaleWriteError {
            let when = DayFormat.display(stale.changedAt) + " " + TimeText.hoursMinutes(stale.changedAt)
            return ru
                ? "Не сохранено: запись уже изменил \(stale.changedBy) \(when) (версия \(stale.currentVersion)). Ваши правки остались в форме; F5 — загрузить свежую версию."
                : "Not saved: \(stale.changedBy) changed this record at \(when) (version \(stale.currentVersion)). Your edits are still in the form; F5 loads the fresh version."
        }
        if let refusal = error as? RefusalError {
            return refusal.message.text(language)
        }
        if error is NotFoundError {
            return ru ? "Запись не найдена: возможно, её удалили." : "The record was not found."
        }
        guard let db = error as? DatabaseError else {
            return String(describing: error)
        }
        switch (db.kind, db.constraint) {
        case (.uniqueViolation, "vehicles_active_vin_key"?):
            return ru ? "Автомобиль с этим VIN уже есть на складе (активный). Проверьте VIN или найдите его через /."
                      : "A vehicle with this VIN is already in stock (active). Check the VIN or find it with /."
        case (.uniqueViolation, "deals_one_active_per_vehicle"?):
            return ru ? "Этот автомобиль уже в другой активной сделке." : "This vehicle is already in another active deal."
        case (.uniqueViolation, let constraint?) where constraint.contains("stock_number"):
            return ru ? "Такой складской номер уже занят." : "This stock number is already taken."
        case (.checkViolation, let constraint?):
            return ru ? "База отклонила значение (правило \(constraint))." : "The database refused a value (rule \(constraint))."
        case (.foreignKeyViolation, _):
            return ru ? "Ссылка на несуществующую запись (дилерский центр, площадка или тип)." : "A reference points to a record that does not exist."
        case (.connectionLost, _):
            return ru ? "Нет связи с базой данных: \(db.message)" : "No connection to the database: \(db.message)"
        default:
            return (ru ? "Ошибка базы данных: " : "Database error: ") + db.description
        }
    }
}

enum TimeText {
    static func hoursMinutes(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.current
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }
}
