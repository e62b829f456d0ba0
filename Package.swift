// swift-tools-version:6.0
// Package.swift — hikyaku: spool → render → libcurl SMTP, with token records. The targets are the
// architecture: docs/ARCHITECTURE.md draws the arrows allowed between them.
import PackageDescription

let package = Package(
    name: "hikyaku",
    products: [
        .executable(name: "hikyaku", targets: ["hikyaku"]),
        // What a Swift web tier links to verify links and codes, alone.
        .library(name: "HikyakuTokens", targets: ["HikyakuTokens"]),
        .library(name: "HikyakuService", targets: ["HikyakuService"]),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // The floor: clock, timestamps, log, JSON, sanitising, durable files.
        .target(name: "HikyakuBase"),
        .target(name: "HikyakuTokens", dependencies: ["HikyakuBase"]),
        .target(name: "HikyakuMail", dependencies: ["HikyakuBase"]),
        .target(name: "HikyakuSpool", dependencies: ["HikyakuBase"]),
        // The only target that sees libcurl.
        .target(name: "HikyakuDelivery", dependencies: ["HikyakuBase", "CCurl"]),
        .target(
            name: "HikyakuService",
            dependencies: ["HikyakuBase", "HikyakuTokens", "HikyakuMail", "HikyakuSpool", "HikyakuDelivery"]
        ),
        .executableTarget(name: "hikyaku", dependencies: ["HikyakuService"]),
        // Never shipped: the benchmark and the helpers tests and the benchmark share.
        .target(name: "HikyakuTestSupport", dependencies: ["HikyakuService"]),
        .target(name: "HikyakuBench", dependencies: ["HikyakuService", "HikyakuTestSupport"]),
        .executableTarget(name: "hikyaku-bench", dependencies: ["HikyakuBench"]),

        .testTarget(name: "HikyakuBaseTests", dependencies: ["HikyakuBase"]),
        .testTarget(name: "HikyakuTokensTests", dependencies: ["HikyakuTokens"]),
        // The golden mails carry links derived as the worker derives them.
        .testTarget(name: "HikyakuMailTests", dependencies: ["HikyakuMail", "HikyakuTokens"]),
        .testTarget(name: "HikyakuSpoolTests", dependencies: ["HikyakuSpool"]),
        .testTarget(name: "HikyakuDeliveryTests", dependencies: ["HikyakuDelivery", "HikyakuTestSupport"]),
        .testTarget(name: "HikyakuServiceTests", dependencies: ["HikyakuService", "HikyakuTestSupport"]),
        .testTarget(name: "HikyakuBenchTests", dependencies: ["HikyakuBench", "HikyakuTestSupport"]),
        .testTarget(name: "hikyakuTests", dependencies: ["hikyaku", "hikyaku-bench", "HikyakuService", "HikyakuTestSupport"]),
    ]
)
