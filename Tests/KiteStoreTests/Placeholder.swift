import Testing

@Test func placeholder_KiteStoreTests() {}
