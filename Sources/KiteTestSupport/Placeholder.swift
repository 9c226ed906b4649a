// KiteTestSupport
