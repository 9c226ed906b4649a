import Testing

@Test func placeholder_KiteEndToEndTests() {}
