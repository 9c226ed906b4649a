// KiteApp
