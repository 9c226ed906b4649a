import Testing

@Test func placeholder_KiteTerminalTests() {}
