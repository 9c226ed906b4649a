import Foundation

/// Who runs the program: `$USER`, else `$LOGNAME`, else the passwd entry
/// (SSH sessions and tmux panes do not always carry `USER`).
public enum SystemUser {
    public static var login: String {
        let environment = ProcessInfo.processInfo.environment
        for key in ["USER", "LOGNAME"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return "kite"
    }
}
