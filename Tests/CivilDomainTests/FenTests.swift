import CivilDomain
import Foundation
import Testing

@Suite("Fen")
struct FenTests {
    @Test("sums, products and shares are checked, never wrapped")
    func checkedArithmetic() throws {
        #expect(try Fen(1) + Fen(2) == Fen(3))
        #expect(throws: Fen.Overflow.self) { try Fen(Int.max) + Fen(1) }
        #expect(throws: Fen.Overflow.self) { try Fen(Int.min) - Fen(1) }
        #expect(throws: Fen.Overflow.self) { try Fen.product(Fen(Int.max / 2), 3) }
        #expect(try Fen.product(Fen(12_000), 35) == Fen(420_000))
        #expect(try Fen.share(of: Fen(333), basisPoints: 7000) == Fen(233))
        #expect(throws: Fen.Overflow.self) { try Fen.share(of: Fen(-1), basisPoints: 7000) }
        #expect(throws: Fen.Overflow.self) { try Fen.share(of: Fen(1), basisPoints: 10_001) }
    }

    @Test("written as yuan, encoded as a bare integer")
    func formatting() throws {
        #expect(Fen(114_550).description == "¥1,145.50")
        #expect(Fen(-305).description == "-¥3.05")
        #expect(Fen(Int.min).yuan == "92,233,720,368,547,758.08")
        let data = try JSONEncoder().encode(["amountFen": Fen(42)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"amountFen":42}"#)
        #expect(try JSONDecoder().decode(Fen.self, from: Data("17".utf8)) == 17)
    }
}
