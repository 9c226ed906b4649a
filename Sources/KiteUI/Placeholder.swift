// KiteUI
