import CivilDomain
import Testing

@Suite("Area codes and the area hierarchy")
struct AreaTests {
    @Test("one rule for codes: 6, 9 or 12 ASCII digits", arguments: [
        ("330106", true), ("330106001", true), ("330106001001", true), ("3301060", false), ("33010600100", false),
        ("３３０１０６", false), ("33010a", false), ("", false), ("٣٣٠١٠٦", false),
    ])
    func codes(text: String, valid: Bool) {
        #expect((AreaCode(text) != nil) == valid)
    }

    @Test("the hierarchy refuses bad codes, duplicates and unknown parents; leaves are the lowest areas")
    func hierarchy() throws {
        let tree = try AreaHierarchy([
            .init(code: "330106", parent: nil), .init(code: "330106001", parent: "330106"),
            .init(code: "330106001001", parent: "330106001"), .init(code: "330106002", parent: "330106"),
        ])
        #expect(tree.leaves.map(\.value) == ["330106001001", "330106002"])
        #expect(tree.isWithin(AreaCode("330106001001")!, AreaCode("330106")!))
        #expect(!tree.isWithin(AreaCode("330106002")!, AreaCode("330106001")!))
        #expect(tree.leaves(within: AreaCode("330106001")!).map(\.value) == ["330106001001"])
        #expect(throws: AreaHierarchyError.self) { try AreaHierarchy([.init(code: "33010６", parent: nil)]) }
        #expect(throws: AreaHierarchyError.self) {
            try AreaHierarchy([.init(code: "330106", parent: nil), .init(code: "330106", parent: nil)])
        }
        #expect(throws: AreaHierarchyError.self) { try AreaHierarchy([.init(code: "330106001", parent: "330107")]) }
    }
}
