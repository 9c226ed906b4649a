import KiteDomain

/// The words of `kite import` and `kite export` (and the screens' CSV), in both languages.
public enum TransferText: TextKey {
    case line, warning
    case cannotRead, notUTF8, unterminatedQuote, emptyFile, unknownColumns, missingColumns
    case required, notWholeNumber, notDate, unknownDealership, unknownDealershipOf, notLocation
    case notCondition, unknownStatus, dealStatus, unknownType, notKind, notConsent
    case alsoOnLine, vinActive, stockNumberTaken, sameAsLine, possibleDuplicate
    case badRowsNothingImported, imported, importedSkipped, vehicles, customers, trips
    case shipmentsDone, notETA, notOurLocation, ambiguousLocation, noVehicleVIN, vehicleCannotTravel
    case otherDestination, tripGone, etaConflict, etaPast, notCarsPerTrip
    case exported, progressChecking, progressWriting, optionNotForImport
    case cannotCreateFolder, cannotWriteFile
    case photosExported, photosAppraisalNotFound, photosDirectoryRequired
    case reasonNoPermission, reasonReadOnly, reasonDiskFull, reasonNotFolder, reasonNoPath, reasonIsFolder
    case reasonNameTooLong, reasonUnknown, seconds, minutesSeconds, textTooLong

    public var text: LocalizedText {
        switch self {
        case .line: LocalizedText(ru: "строка {line}", en: "line {line}")
        case .warning: LocalizedText(ru: "предупреждение", en: "warning")
        case .cannotRead: LocalizedText(ru: "не удаётся прочитать файл {path}", en: "cannot read {path}")
        case .notUTF8: LocalizedText(ru: "{file}: файл не в кодировке UTF-8 (сохраните его в Excel как «CSV UTF-8»)",
                                     en: "{file}: the file is not UTF-8 text (save it from Excel as “CSV UTF-8”)")
        case .unterminatedQuote: LocalizedText(ru: "{file}: строка {line}: кавычка поля не закрыта",
                                               en: "{file}: line {line}: a quoted field is never closed")
        case .emptyFile: LocalizedText(ru: "{file}: файл пуст", en: "{file} is empty")
        case .unknownColumns: LocalizedText(ru: "строка 1: неизвестные столбцы {columns}; известные: {known}",
                                            en: "line 1: unknown column(s) {columns}; known: {known}")
        case .missingColumns: LocalizedText(ru: "строка 1: нет столбцов {columns}", en: "line 1: missing column(s) {columns}")
        case .required: LocalizedText(ru: "обязательное поле", en: "required")
        case .notWholeNumber: LocalizedText(ru: "«{text}» — не целое число", en: "\"{text}\" is not a whole number")
        case .notDate: LocalizedText(ru: "«{text}» — не дата ДД.ММ.ГГГГ или ГГГГ-ММ-ДД", en: "\"{text}\" is not ДД.ММ.ГГГГ or YYYY-MM-DD")
        case .unknownDealership: LocalizedText(ru: "неизвестный код дилерского центра «{text}»",
                                               en: "unknown dealership code \"{text}\"")
        case .unknownDealershipOf: LocalizedText(ru: "неизвестный код дилерского центра «{text}» (есть: {known})",
                                                 en: "unknown dealership code \"{text}\" (known: {known})")
        case .notLocation: LocalizedText(ru: "«{text}» — не салон и не площадка {code}",
                                         en: "\"{text}\" is not a showroom or yard of {code}")
        case .notCondition: LocalizedText(ru: "«{text}» — не новый/с пробегом (new/used)",
                                          en: "\"{text}\" is not new/used (новый/с пробегом)")
        case .unknownStatus: LocalizedText(ru: "неизвестный статус «{text}»", en: "unknown status \"{text}\"")
        case .unknownType: LocalizedText(ru: "неизвестный тип «{text}»", en: "unknown type \"{text}\"")
        case .dealStatus: LocalizedText(ru: "«{text}» — статус сделки (резерв, продажу и выдачу ставят стадии сделки): импортируйте автомобиль как {allowed}, затем оформите сделку",
                                        en: "\"{text}\" belongs to a deal (reserved, sold and delivered are set by the deal's stages): import the car as one of {allowed}, then start its deal")
        case .notKind: LocalizedText(ru: "«{text}» — не физлицо/организация/ИП (person/company/sole_trader)",
                                     en: "\"{text}\" is not person/company/sole_trader (физлицо/организация/ИП)")
        case .notConsent: LocalizedText(ru: "«{text}» — не да/нет (yes/no)", en: "\"{text}\" is not да/нет (yes/no)")
        case .alsoOnLine: LocalizedText(ru: "{value} есть и в строке {line}", en: "{value} also on line {line}")
        case .vinActive: LocalizedText(ru: "{value} уже есть у автомобиля на складе", en: "{value} is already an active vehicle in stock")
        case .stockNumberTaken: LocalizedText(ru: "{value} уже занят", en: "{value} is already taken")
        case .sameAsLine: LocalizedText(ru: "то же, что в строке {line}", en: "same as line {line}")
        case .possibleDuplicate: LocalizedText(ru: "возможно, это клиент {id} {name} (совпадает: {fields})",
                                               en: "possible duplicate of customer {id} {name} (same {fields})")
        case .badRowsNothingImported:
            LocalizedText(ru: "ошибок в строках: {count}; ничего не импортировано. Исправьте их или добавьте --skip-invalid, чтобы загрузить верные строки.",
                          en: "{count} bad row(s); nothing imported. Fix them, or use --skip-invalid to import the good rows.")
        case .imported: LocalizedText(ru: "kite import: импортировано {what}: {count}", en: "kite import: {count} {what} imported")
        case .importedSkipped: LocalizedText(ru: "kite import: импортировано {what}: {count}, пропущено строк с ошибками: {skipped}",
                                             en: "kite import: {count} {what} imported, {skipped} bad row(s) skipped")
        case .vehicles: LocalizedText(ru: "автомобилей", en: "vehicle(s)")
        case .customers: LocalizedText(ru: "клиентов", en: "customer(s)")
        case .trips: LocalizedText(ru: "рейсов", en: "trip(s)")
        case .exported: LocalizedText(ru: "kite export: записано {what}: {count} в {file}",
                                      en: "kite export: {count} {what} written to {file}")
        case .shipmentsDone: LocalizedText(ru: "kite import: строк уведомления: {rows}; новых рейсов: {trips} (машин в них: {cars}); ETA изменено: {updated}; без изменений: {same}",
                                           en: "kite import: {rows} notice row(s); {trips} new trip(s) ({cars} car(s) on them); {updated} ETA(s) changed; {same} unchanged")
        case .notETA: LocalizedText(ru: "«{text}» — не ДД.ММ.ГГГГ ЧЧ:ММ и не ДД.ММ.ГГГГ", en: "\"{text}\" is not ДД.ММ.ГГГГ ЧЧ:ММ or ДД.ММ.ГГГГ")
        case .notOurLocation: LocalizedText(ru: "«{text}» — не наш салон, площадка или порт{scope}",
                                            en: "\"{text}\" is not one of our showrooms, yards or ports{scope}")
        case .ambiguousLocation: LocalizedText(ru: "«{text}» есть в {codes}: укажите дилерский центр (столбец dealership)",
                                               en: "\"{text}\" exists in {codes}: give the dealership (column dealership)")
        case .noVehicleVIN: LocalizedText(ru: "нет автомобиля с VIN {vin} (сначала kite import vehicles)",
                                          en: "no vehicle with VIN {vin} (import it first: kite import vehicles)")
        case .vehicleCannotTravel: LocalizedText(ru: "автомобиль {stock_number} — {status}: в рейс ставят только заказанные, на складе, на подготовке или в резерве",
                                                 en: "vehicle {stock_number} is {status}: only an ordered, in-stock, in-preparation or reserved car is put on a trip")
        case .otherDestination: LocalizedText(ru: "автомобиль уже едет рейсом {number} в «{place}», а не в «{text}»",
                                              en: "the car already travels on trip {number} to \"{place}\", not to \"{text}\"")
        case .tripGone: LocalizedText(ru: "рейс {number} {stage}: его ETA не меняется", en: "trip {number} is {stage}: its ETA no longer changes")
        case .etaConflict: LocalizedText(ru: "точка рейса {number} получает в строке {line} другое ETA ({other})",
                                         en: "line {line} gives the same stop of trip {number} another ETA ({other})")
        case .etaPast: LocalizedText(ru: "ETA {text} уже прошло", en: "the ETA {text} has already passed")
        case .notCarsPerTrip: LocalizedText(ru: "--cars-per-trip: от 1 до 12", en: "--cars-per-trip: from 1 to 12")
        case .photosExported: LocalizedText(ru: "kite export: фото оценки {appraisal}: {count} в {directory}",
                                            en: "kite export: {count} photo(s) of appraisal {appraisal} written to {directory}")
        case .photosAppraisalNotFound: LocalizedText(ru: "kite export: оценка {appraisal} не найдена (номер вида MSK-AP-2026-000001 или UUID)",
                                                     en: "kite export: appraisal {appraisal} not found (a number like MSK-AP-2026-000001 or a UUID)")
        case .photosDirectoryRequired: LocalizedText(ru: "kite export photos ОЦЕНКА КАТАЛОГ: укажите каталог",
                                                     en: "kite export photos APPRAISAL DIR: give the directory")
        case .progressChecking: LocalizedText(ru: "проверка: {rows} из {total} строк, {rate} строк/с, осталось ~{left}",
                                              en: "checking: {rows} of {total} rows, {rate} rows/s, ~{left} left")
        case .progressWriting: LocalizedText(ru: "запись: {rows} из {total} строк, {rate} строк/с, осталось ~{left}",
                                             en: "writing: {rows} of {total} rows, {rate} rows/s, ~{left} left")
        case .optionNotForImport: LocalizedText(ru: "параметр {option} не относится к «kite import {entity}»{hint}",
                                                en: "the option {option} does not apply to `kite import {entity}`{hint}")
        case .cannotCreateFolder: LocalizedText(ru: "Не удалось создать папку {folder}: {reason}",
                                                en: "Could not create the folder {folder}: {reason}")
        case .reasonNoPermission: LocalizedText(ru: "нет прав на запись", en: "no permission to write there")
        case .reasonReadOnly: LocalizedText(ru: "диск только для чтения", en: "the disk is read-only")
        case .reasonDiskFull: LocalizedText(ru: "на диске нет места", en: "the disk is full")
        case .reasonNotFolder: LocalizedText(ru: "часть пути — файл, а не папка", en: "part of the path is a file, not a folder")
        case .reasonNoPath: LocalizedText(ru: "такого пути нет", en: "the path does not exist")
        case .reasonIsFolder: LocalizedText(ru: "это папка, а не файл", en: "it is a folder, not a file")
        case .reasonNameTooLong: LocalizedText(ru: "слишком длинное имя", en: "the name is too long")
        case .reasonUnknown: LocalizedText(ru: "неизвестная ошибка", en: "unknown error")
        case .textTooLong: LocalizedText(ru: "База отклонила текст поля {field}: не длиннее {limit} знаков.",
                                         en: "The database refused the text of {field}: at most {limit} characters.")
        case .seconds: LocalizedText(ru: "{s} с", en: "{s} s")
        case .minutesSeconds: LocalizedText(ru: "{m} мин {s} с", en: "{m} min {s} s")
        case .cannotWriteFile: LocalizedText(ru: "Не удалось записать файл {file} в папку {folder}: {reason}",
                                             en: "Could not write the file {file} in the folder {folder}: {reason}")
        }
    }
}
