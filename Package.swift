// swift-tools-version:6.0
// Package.swift — hikyaku: spool → render → libcurl SMTP, with token records.
import PackageDescription

let package = Package(
    name: "hikyaku",
    products: [
        .library(name: "HikyakuCore", targets: ["HikyakuCore"]),
        .executable(name: "hikyaku", targets: ["hikyaku"]),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "HikyakuCore", dependencies: ["CCurl"]),
        .executableTarget(name: "hikyaku", dependencies: ["HikyakuCore"]),
        .testTarget(name: "HikyakuCoreTests", dependencies: ["HikyakuCore"]),
        .testTarget(name: "hikyakuTests", dependencies: ["hikyaku", "HikyakuCore"]),
    ]
)
