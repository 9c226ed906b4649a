import Testing

@Test func placeholder_KiteUITests() {}
