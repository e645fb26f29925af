import Foundation
@testable import Kafka
import Testing

@Suite("Blocking calls with a time limit")
struct BlockingThreadTests {
    @Test("a call that returns in time reports so; one that blocks past the limit leaves the caller free")
    func limitFreesTheCaller() async {
        #expect(await onBlockingThread("quick", upTo: .seconds(5)) {})

        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let clock = ContinuousClock()
        let start = clock.now
        let returned = await onBlockingThread("stuck", upTo: .milliseconds(200)) {
            release.wait()  // stands in for a librdkafka call that never returns
            finished.signal()
        }
        #expect(!returned)
        #expect(clock.now - start < .seconds(5))
        #expect(finished.wait(timeout: .now()) == .timedOut, "the body is still blocked")
        release.signal()
        #expect(finished.wait(timeout: .now() + 5) == .success, "and runs to its end once released")
    }
}
