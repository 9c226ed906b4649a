import Foundation

/// A dealership's legal requisites as a seller: what the invoice and the
/// contract print about it. Empty fields print as a blank to fill by hand.
public struct SellerRequisites: Sendable, Hashable, Codable {
    public var legalName: String
    public var inn: String
    public var kpp: String
    public var ogrn: String
    public var address: String
    public var bankName: String
    public var bik: String
    public var settlementAccount: String
    public var correspondentAccount: String

    public init(legalName: String = "", inn: String = "", kpp: String = "", ogrn: String = "", address: String = "",
                bankName: String = "", bik: String = "", settlementAccount: String = "", correspondentAccount: String = "") {
        self.legalName = legalName
        self.inn = inn
        self.kpp = kpp
        self.ogrn = ogrn
        self.address = address
        self.bankName = bankName
        self.bik = bik
        self.settlementAccount = settlementAccount
        self.correspondentAccount = correspondentAccount
    }

    /// Spaces typed inside the numbers removed, names trimmed.
    public var normalized: SellerRequisites {
        SellerRequisites(legalName: legalName.trimmingCharacters(in: .whitespacesAndNewlines),
                         inn: INN.normalized(inn), kpp: KPP.normalized(kpp).uppercased(), ogrn: OGRN.normalized(ogrn),
                         address: address.trimmingCharacters(in: .whitespacesAndNewlines),
                         bankName: bankName.trimmingCharacters(in: .whitespacesAndNewlines),
                         bik: BankDetails.normalized(bik), settlementAccount: BankDetails.normalized(settlementAccount),
                         correspondentAccount: BankDetails.normalized(correspondentAccount))
    }

    /// The rules of each filled field (an empty one is allowed: it prints blank).
    /// The seller is a company: a 10-digit INN, a KPP, a 13-digit OGRN.
    public func validate() -> [FieldIssue] {
        let r = normalized
        var issues: [FieldIssue] = []
        if !r.inn.isEmpty { issues += INN.validateCompany(r.inn, field: "inn") }
        if !r.kpp.isEmpty { issues += KPP.validate(r.kpp, field: "kpp") }
        if !r.ogrn.isEmpty { issues += OGRN.validateCompany(r.ogrn, field: "ogrn") }
        if !r.bik.isEmpty { issues += BankDetails.validateBIK(r.bik, field: "bik") }
        if !r.settlementAccount.isEmpty {
            issues += BankDetails.validateSettlementAccount(r.settlementAccount, bik: r.bik, field: "account")
        }
        if !r.correspondentAccount.isEmpty {
            issues += BankDetails.validateCorrespondentAccount(r.correspondentAccount, bik: r.bik, field: "corr_account")
        }
        return issues
    }
}
