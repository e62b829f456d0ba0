// DirectorySpool+Config.swift — the spool a config names, shared with its web_group if it has one.
import HikyakuSpool

extension DirectorySpool {
    /// The spool at `config.spool`, in the two-user layout when `web_group` is set.
    public convenience init(config: Config) {
        self.init(root: config.spool, sharedGroup: config.webGroup)
    }
}
