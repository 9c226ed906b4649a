// KiteStore
