import Testing

@Test func placeholder_KiteDomainTests() {}
