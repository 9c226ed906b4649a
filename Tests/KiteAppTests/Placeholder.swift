import Testing

@Test func placeholder_KiteAppTests() {}
