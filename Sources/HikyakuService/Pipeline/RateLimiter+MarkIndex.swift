// RateLimiter+MarkIndex.swift — what one process has read of the rate-limit journal: each key's recent marks, compactly.

extension RateLimiter.Journal {
    /// A counted mail: its time (seconds since 1970) and its job's tag (0: none).
    struct Mark: Equatable {
        var time: UInt32
        var tag: UInt32

        /// The mark in one word (time high, tag low).
        var packed: UInt64 { UInt64(time) << 32 | UInt64(tag) }

        init(time: UInt32, tag: UInt32) {
            self.time = time
            self.tag = tag
        }

        init(packed: UInt64) {
            self.init(time: UInt32(truncatingIfNeeded: packed >> 32), tag: UInt32(truncatingIfNeeded: packed))
        }
    }

    /// Each key's newest marks, oldest first. Most keys have one (a login or address that asked
    /// once): those take one word in `single`, the few with more an array in `multiple`, so
    /// 100,000 jobs' 160,000 keys cost a few MB.
    struct MarkIndex {
        private var single: [UInt64: UInt64] = [:]
        private var multiple: [UInt64: [Mark]] = [:]
        /// The oldest time indexed (`UInt32.max` when empty): nothing to drop while it is recent.
        private(set) var oldest = UInt32.max

        /// How many keys have marks.
        var count: Int { single.count + multiple.count }

        /// `key`'s marks, oldest first.
        func marks(_ key: UInt64) -> [Mark] {
            if let packed = single[key] { return [Mark(packed: packed)] }
            return multiple[key] ?? []
        }

        /// Adds `mark` to `key`, keeping at most `cap` of the newest.
        mutating func add(_ mark: Mark, key: UInt64, cap: Int) {
            oldest = min(oldest, mark.time)
            if let packed = single.removeValue(forKey: key) {
                multiple[key] = Array(([Mark(packed: packed), mark]).suffix(cap))
            } else if var marks = multiple.removeValue(forKey: key) {
                marks.append(mark)
                multiple[key] = Array(marks.suffix(cap))
            } else {
                single[key] = mark.packed
            }
        }

        /// Drops every mark at or before `cutoff`; returns how many keys lost their last one.
        mutating func remove(before cutoff: UInt32) -> Int {
            guard oldest <= cutoff else { return 0 }
            let keys = count
            single = single.filter { Mark(packed: $0.value).time > cutoff }
            multiple = multiple.compactMapValues { marks in
                let kept = marks.filter { $0.time > cutoff }
                return kept.isEmpty ? nil : kept
            }
            let times = single.values.map { Mark(packed: $0).time } + multiple.values.flatMap { $0.map(\.time) }
            oldest = times.min() ?? UInt32.max
            return keys - count
        }

        /// How many marks there are.
        var markCount: Int { single.count + multiple.values.reduce(0) { $0 + $1.count } }

        /// Every key with its marks (for rewriting the journal).
        func eachMark(_ body: (UInt64, Mark) -> Void) {
            for (key, packed) in single { body(key, Mark(packed: packed)) }
            for (key, marks) in multiple { for mark in marks { body(key, mark) } }
        }
    }
}
