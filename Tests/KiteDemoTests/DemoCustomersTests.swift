import Foundation
import KiteDemo
import KiteDomain
import Testing

@Suite("Demo customers")
struct DemoCustomersTests {
    let today = CivilDate(year: 2026, month: 11, day: 24)!

    @Test func demoCustomersAreValidAndStable() {
        let first = DemoCustomers.make(persons: 40)
        #expect(first == DemoCustomers.make(persons: 40))
        #expect(first.count == 46)
        for customer in first {
            let errors = customer.validate(today: today).filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(customer.name): \(errors.map(\.message.en))")
        }
        // Most persons can sign a contract; some lack a passport on purpose.
        let complete = first.filter { $0.kind == .person && $0.missingForContract().isEmpty }.count
        #expect(complete == 32)
    }
}
