print("kite")
