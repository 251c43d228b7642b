package org.streetnode.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.logging.Logging;
import org.streetnode.agent.logging.RecentLog;
import org.streetnode.agent.store.MutableClock;
import org.streetnode.agent.update.fetch.FetchException;
import org.streetnode.agent.update.fetch.PackageFetcher;

/**
 * The update service over a real spool: pushes block by block (restarted, repeated, out of
 * order, refused early, stalled), pulls that lose their connection and resume, restarts in every
 * phase, the hand-over to the install helper and its outcome. The pulls come from an in-memory
 * fetcher here; the real CoAP and HTTP fetchers are tested against real servers.
 */
class UpdateServiceTest {
    private static final int BLOCK = 1024;
    private static KeyPair key;
    private static byte[] v030;
    private static byte[] v040;
    private static byte[] unsigned;

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final List<UpdateService> started = new ArrayList<>();
    private final ServedPackage served = new ServedPackage();
    private long free = Long.MAX_VALUE;

    @BeforeAll
    static void packages(@TempDir Path tmp) throws Exception {
        key = TestPackages.releaseKey();
        v030 = Files.readAllBytes(TestPackages.signed(tmp, key, "0.3.0", "0.1.0", 40_000));
        v040 = Files.readAllBytes(TestPackages.signed(tmp, key, "0.4.0", "0.1.0", 30_000));
        byte[] deb = new byte[20_000];
        unsigned = TestPackages.custom(TestPackages.describing("streetnode", "0.3.0", "0.1.0", deb), Optional.empty(), deb);
    }

    @AfterEach
    void stop() throws Exception {
        for (UpdateService s : started) {
            s.stop();
        }
    }

    private UpdateSettings settings(String running) {
        return new UpdateSettings(key.getPublic(), DebianVersion.parse(running), false, 1L << 30, dir.resolve("spool"),
                false, Duration.ofMinutes(5), 3, Duration.ofMillis(10), 0);
    }

    private UpdateService service() throws Exception {
        return service(settings("0.2.0"));
    }

    private UpdateService service(UpdateSettings settings) throws Exception {
        return service(settings, d -> Thread.sleep(d.toMillis()));
    }

    private UpdateService service(UpdateSettings settings, Sleeper sleeper) throws Exception {
        UpdateService s = new UpdateService(settings, List.of(served), d -> free, clock, sleeper);
        s.start();
        started.add(s);
        return s;
    }

    private static Answer push(UpdateControl s, byte[] pkg, int fromBlock, int toBlock) {
        Answer last = Answer.DONE;
        for (int i = fromBlock; i < toBlock; i++) {
            int from = i * BLOCK;
            int to = Math.min(pkg.length, from + BLOCK);
            last = s.pushBlock(from, Arrays.copyOfRange(pkg, from, to), to < pkg.length, -1);
            if (!(last instanceof Answer.Done)) {
                return last;
            }
        }
        return last;
    }

    private static int blocks(byte[] pkg) {
        return (pkg.length + BLOCK - 1) / BLOCK;
    }

    private static void awaitPhase(UpdateControl s, UpdatePhase phase) {
        await().atMost(Duration.ofSeconds(10)).until(() -> s.status().phase() == phase);
    }

    @Test
    void aPushBlockByBlockIsStoredVerifiedAndDownloaded() throws Exception {
        UpdateService s = service();
        List<UpdateStatus> seen = new CopyOnWriteArrayList<>();
        s.onChange(seen::add);
        assertThat(push(s, v030, 0, 5)).isEqualTo(Answer.DONE);
        assertThat(s.status().phase()).isEqualTo(UpdatePhase.DOWNLOADING);
        assertThat(push(s, v030, 5, blocks(v030))).isEqualTo(Answer.DONE);
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        assertThat(s.status().downloaded().orElseThrow().version().toString()).isEqualTo("0.3.0");
        assertThat(Files.readAllBytes(dir.resolve("spool/package.snpkg"))).isEqualTo(v030);
        assertThat(Files.exists(dir.resolve("spool/download.part"))).isFalse();
        await().until(() -> seen.size() == 2);
        assertThat(seen).extracting(UpdateStatus::phase).containsExactly(UpdatePhase.DOWNLOADING, UpdatePhase.DOWNLOADED);
    }

    @Test
    void aNewBlockZeroRestartsThePushRatherThanCountingAsADuplicate() throws Exception {
        UpdateService s = service();
        push(s, v030, 0, 10);
        // the platform starts over with another package: block 0 again
        assertThat(push(s, v040, 0, blocks(v040))).isEqualTo(Answer.DONE);
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        assertThat(s.status().downloaded().orElseThrow().version().toString()).isEqualTo("0.4.0");
        assertThat(Files.readAllBytes(dir.resolve("spool/package.snpkg"))).isEqualTo(v040);
    }

    @Test
    void aRepeatedLastBlockIsAcknowledgedAgainAndABlockOutOfSequenceChangesNothing() throws Exception {
        UpdateService s = service();
        push(s, v030, 0, 3);
        assertThat(push(s, v030, 2, 3)).isEqualTo(Answer.DONE);
        assertThat(push(s, v030, 5, 6)).isInstanceOf(Answer.OutOfSequence.class);
        assertThat(push(s, v030, 1, 2)).isInstanceOf(Answer.OutOfSequence.class);
        assertThat(Files.size(dir.resolve("spool/download.part"))).isEqualTo(3 * BLOCK);
        push(s, v030, 3, blocks(v030));
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        assertThat(Files.readAllBytes(dir.resolve("spool/package.snpkg"))).isEqualTo(v030);
    }

    @Test
    void aBlockWithoutAPushUnderWayIsOutOfSequence() throws Exception {
        UpdateService s = service();
        assertThat(s.pushBlock(BLOCK, new byte[BLOCK], true, -1)).isInstanceOf(Answer.OutOfSequence.class);
        assertThat(s.status()).isEqualTo(UpdateStatus.INITIAL);
    }

    @Test
    void anUnsignedPushIsRefusedAsSoonAsItsHeadIsInAndNothingIsKept() throws Exception {
        UpdateService s = service();
        Answer a = push(s, unsigned, 0, blocks(unsigned));
        assertThat(a).isInstanceOf(Answer.Refused.class);
        assertThat(((Answer.Refused) a).reason()).contains("not signed");
        assertThat(s.status().phase()).isEqualTo(UpdatePhase.IDLE);
        assertThat(s.status().result()).isEqualTo(UpdateResult.INTEGRITY_FAILURE);
        assertThat(Files.exists(dir.resolve("spool/download.part"))).isFalse();
        assertThat(Files.exists(dir.resolve("spool/package.snpkg"))).isFalse();
    }

    @Test
    void aDamagedPushIsRefusedOnceWholeWithIntegrityFailure() throws Exception {
        UpdateService s = service();
        byte[] damaged = v030.clone();
        damaged[damaged.length - 3000] ^= 1;
        assertThat(push(s, damaged, 0, blocks(damaged))).isEqualTo(Answer.DONE);
        awaitPhase(s, UpdatePhase.IDLE);
        assertThat(s.status().result()).isEqualTo(UpdateResult.INTEGRITY_FAILURE);
        assertThat(s.status().reason()).contains("SHA-256");
    }

    @Test
    void aPackageForAnOlderVersionIsRefusedAsUnsupported() throws Exception {
        UpdateService s = service(settings("0.3.5"));
        assertThat(push(s, v030, 0, blocks(v030))).isInstanceOf(Answer.Refused.class);
        assertThat(s.status().result()).isEqualTo(UpdateResult.UNSUPPORTED_PACKAGE);
        assertThat(s.status().reason()).contains("older than the running 0.3.5");
    }

    @Test
    void aPushThatStopsArrivingEndsAsConnectionLost() throws Exception {
        UpdateService s = service();
        push(s, v030, 0, 4);
        clock.advance(Duration.ofMinutes(4));
        s.tick();
        assertThat(s.status().phase()).isEqualTo(UpdatePhase.DOWNLOADING);
        clock.advance(Duration.ofMinutes(2));
        s.tick();
        assertThat(s.status().phase()).isEqualTo(UpdatePhase.IDLE);
        assertThat(s.status().result()).isEqualTo(UpdateResult.CONNECTION_LOST);
    }

    @Test
    void aWholePackageInOneWriteIsTakenAndAnEmptyOneCancels() throws Exception {
        UpdateService s = service();
        assertThat(s.writePackage(v030)).isEqualTo(Answer.DONE);
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        assertThat(s.writePackage(v040)).isInstanceOf(Answer.NotNow.class);
        assertThat(s.writePackage(new byte[0])).isEqualTo(Answer.DONE);
        assertThat(s.status()).isEqualTo(UpdateStatus.INITIAL);
        assertThat(Files.exists(dir.resolve("spool/package.snpkg"))).isFalse();
    }

    @Test
    void noRoomForThePackageIsNotEnoughStorage() throws Exception {
        UpdateService s = service();
        free = v030.length - 1;
        Answer a = s.pushBlock(0, Arrays.copyOf(v030, BLOCK), true, v030.length);
        assertThat(a).isInstanceOf(Answer.NoRoom.class);
        assertThat(s.status().result()).isEqualTo(UpdateResult.NOT_ENOUGH_STORAGE);
        // without Size1 the manifest tells the size, once the head is in
        UpdateService again = service(settings("0.2.0").withKeepFree(1000));
        free = 30_000;
        assertThat(push(again, v030, 0, 4)).isInstanceOf(Answer.NoRoom.class);
        assertThat(again.status().result()).isEqualTo(UpdateResult.NOT_ENOUGH_STORAGE);
    }

    @Test
    void aRestartInTheMiddleOfAPushKeepsDownloadingAndTheNextBlockGoesOn() throws Exception {
        UpdateService s = service();
        push(s, v030, 0, 7);
        s.stop();
        UpdateService after = service();
        assertThat(after.status().phase()).isEqualTo(UpdatePhase.DOWNLOADING);
        assertThat(after.status().result()).isEqualTo(UpdateResult.INITIAL);
        assertThat(push(after, v030, 7, blocks(v030))).isEqualTo(Answer.DONE);
        awaitPhase(after, UpdatePhase.DOWNLOADED);
    }

    @Test
    void aDownloadedPackageWaitsThroughARestartUnlessItNoLongerVerifies() throws Exception {
        UpdateService s = service();
        s.writePackage(v030);
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        s.stop();
        UpdateService after = service();
        Thread.sleep(300);
        assertThat(after.status().phase()).isEqualTo(UpdatePhase.DOWNLOADED);
        after.stop();

        byte[] spoiled = Files.readAllBytes(dir.resolve("spool/package.snpkg"));
        spoiled[spoiled.length / 2] ^= 1;
        Files.write(dir.resolve("spool/package.snpkg"), spoiled);
        UpdateService third = service();
        awaitPhase(third, UpdatePhase.IDLE);
        assertThat(third.status().result()).isEqualTo(UpdateResult.INTEGRITY_FAILURE);
    }

    @Test
    void updateHandsThePackageToTheHelperAndOnlyTheHelpersOutcomeEndsIt() throws Exception {
        UpdateService s = service();
        assertThat(s.update()).isInstanceOf(Answer.NotNow.class);
        s.writePackage(v030);
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        assertThat(s.update()).isEqualTo(Answer.DONE);
        assertThat(s.status().phase()).isEqualTo(UpdatePhase.UPDATING);
        String request = Files.readString(dir.resolve("spool/install-request.json"));
        assertThat(request).contains("\"package\" : \"package.snpkg\"").contains("\"version\" : \"0.3.0\"")
                .contains(java.util.HexFormat.of().formatHex(PackageVerifier.sha256().digest(v030)));
        assertThat(s.writePackage(new byte[0])).isInstanceOf(Answer.NotNow.class);
        assertThat(s.update()).isInstanceOf(Answer.NotNow.class);

        // a restart while the helper works: still updating, never "updated" by itself
        s.stop();
        UpdateService during = service();
        during.tick();
        assertThat(during.status().phase()).isEqualTo(UpdatePhase.UPDATING);
        during.stop();

        // the helper rolled back: the old agent runs again and reports the failure
        Files.writeString(dir.resolve("spool/install-result.json"),
                "{\"format\":1,\"outcome\":\"rolled-back\",\"version\":\"0.3.0\",\"reason\":\"not registered within 10m\"}");
        UpdateService old = service();
        old.tick();
        assertThat(old.status().phase()).isEqualTo(UpdatePhase.DOWNLOADED);
        assertThat(old.status().result()).isEqualTo(UpdateResult.UPDATE_FAILED);
        assertThat(old.status().reason()).contains("not registered within 10m");
        assertThat(Files.exists(dir.resolve("spool/install-request.json"))).isFalse();

        // again, and this time the new version runs and the helper saw it healthy
        assertThat(old.update()).isEqualTo(Answer.DONE);
        old.stop();
        Files.writeString(dir.resolve("spool/install-result.json"), "{\"format\":1,\"outcome\":\"installed\",\"version\":\"0.3.0\"}");
        UpdateService updated = service(settings("0.3.0"));
        updated.tick();
        assertThat(updated.status().phase()).isEqualTo(UpdatePhase.IDLE);
        assertThat(updated.status().result()).isEqualTo(UpdateResult.UPDATED);
        assertThat(Files.exists(dir.resolve("spool/package.snpkg"))).isFalse();
    }

    @Test
    void anInstalledOutcomeWhileTheOldVersionStillRunsIsAFailure() throws Exception {
        UpdateService s = service();
        s.writePackage(v030);
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        s.update();
        Files.writeString(dir.resolve("spool/install-result.json"), "{\"format\":1,\"outcome\":\"installed\"}");
        s.tick();
        assertThat(s.status().phase()).isEqualTo(UpdatePhase.DOWNLOADED);
        assertThat(s.status().result()).isEqualTo(UpdateResult.UPDATE_FAILED);
        assertThat(s.status().reason()).contains("0.2.0 runs");
    }

    @Test
    void theOutcomeOutlivesRestartsUntilTheNextDownloadStarts() throws Exception {
        UpdateService s = service();
        s.writePackage(v030);
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        s.update();
        s.stop();
        Files.writeString(dir.resolve("spool/install-result.json"),
                "{\"format\":1,\"outcome\":\"installed\",\"version\":\"0.3.0\",\"previous\":\"0.2.0\"}");
        UpdateService updated = service(settings("0.3.0"));
        updated.tick();
        assertThat(updated.status().result()).isEqualTo(UpdateResult.UPDATED);
        updated.stop();
        // read by the platform or not, reboot after reboot: still 1, with the previous version
        for (int i = 0; i < 2; i++) {
            UpdateService again = service(settings("0.3.0"));
            again.tick();
            assertThat(again.status()).as("after restart " + (i + 1))
                    .isEqualTo(new UpdateStatus(UpdatePhase.IDLE, UpdateResult.UPDATED, Optional.empty(), Optional.empty(), ""));
            assertThat(again.view().previousVersion()).contains("0.2.0");
            again.stop();
        }
        // the next download is the acknowledgement
        UpdateService next = service(settings("0.3.0"));
        next.pushBlock(0, Arrays.copyOf(v040, BLOCK), true, -1);
        assertThat(next.status().result()).isEqualTo(UpdateResult.INITIAL);
    }

    @Test
    void theShellsViewShowsTheDownloadsProgressBytesRateAndLimit() throws Exception {
        served.content = v030;
        served.blockForever.set(true);
        served.failAfterBlocks.set(10);
        UpdateService s = service(new UpdateSettings(key.getPublic(), DebianVersion.parse("0.2.0"), false, 32 * 1024,
                dir.resolve("spool"), false, Duration.ofMinutes(5), 3, Duration.ofMillis(10), 0));
        assertThat(s.view().state()).isEqualTo("idle");
        s.writeUri("coaps://firmware.example/streetnode");
        await().until(() -> s.view().bytes() == 10L * BLOCK);
        UpdateView v = s.view();
        assertThat(v.enabled()).isTrue();
        assertThat(v.state()).isEqualTo("downloading");
        assertThat(v.source()).contains("coaps://firmware.example/streetnode");
        assertThat(v.totalBytes()).hasValue(v030.length);
        assertThat(v.percent()).hasValueSatisfying(p -> assertThat(p).isCloseTo(100.0 * 10 * BLOCK / v030.length,
                offset(0.01)));
        assertThat(v.bytesPerSecond()).isPositive();
        assertThat(v.maxBytesPerSecond()).isEqualTo(32 * 1024);
        assertThat(v.running()).isEqualTo("0.2.0");
        assertThat(v.resultMeaning()).isEqualTo("0 initial");
    }

    // ---- refusals

    @Test
    void eachRefusalIsLoggedOnceWithItsReasonAndResult() throws Exception {
        RecentLog log = new RecentLog(1000);
        assertThat(Logging.attach(log)).isTrue();
        try {
            UpdateService s = service(settings("0.3.5"));
            byte[] deb = new byte[20_000];
            byte[] otherKey = TestPackages.custom(TestPackages.describing("streetnode", "0.4.0", "0.1.0", deb),
                    Optional.of(TestPackages.releaseKey()), deb);
            byte[] otherProduct = TestPackages.custom(TestPackages.describing("lampnode", "0.4.0", "0.1.0", deb),
                    Optional.of(key), deb);
            // pushed block by block, as a platform does; every block after the refusal is turned away quietly
            push(s, otherKey, 0, blocks(otherKey));
            push(s, otherKey, 1, blocks(otherKey));
            push(s, unsigned, 0, blocks(unsigned));
            push(s, otherProduct, 0, blocks(otherProduct));
            push(s, v030, 0, blocks(v030));
            assertThat(s.status().result()).isEqualTo(UpdateResult.UNSUPPORTED_PACKAGE);
            served.content = otherKey;
            s.writeUri("coaps://firmware.example/other-key");
            awaitPhase(s, UpdatePhase.IDLE);
            assertThat(s.status().result()).isEqualTo(UpdateResult.INTEGRITY_FAILURE);
            Thread.sleep(200); // the pull's thread is done with it

            List<String> refusals = log.last(1000).stream().map(RecentLog.LogLine::message)
                    .filter(m -> m.startsWith("update: package refused")).toList();
            assertThat(refusals).hasSize(5);
            assertThat(refusals.get(0)).contains("does not verify with the pinned release key", "(Update Result 5 integrity failure)");
            assertThat(refusals.get(1)).contains("not signed", "(Update Result 5 integrity failure)");
            assertThat(refusals.get(2)).contains("product \"lampnode\"", "(Update Result 6 unsupported package)");
            assertThat(refusals.get(3)).contains("older than the running 0.3.5", "(Update Result 6 unsupported package)");
            assertThat(refusals.get(4)).contains("pinned release key", "(Update Result 5 integrity failure)");
            assertThat(Files.exists(dir.resolve("spool/download.part"))).as("nothing kept").isFalse();
            assertThat(Files.exists(dir.resolve("spool/package.snpkg"))).isFalse();
        } finally {
            Logging.detach(log);
        }
    }

    // ---- pulls

    @Test
    void aPullThatLosesItsConnectionResumesFromItsLastBlock() throws Exception {
        served.content = v030;
        served.failAfterBlocks.set(12);
        UpdateService s = service();
        assertThat(s.writeUri("coaps://firmware.example/streetnode")).isEqualTo(Answer.DONE);
        assertThat(s.packageUri()).contains("coaps://firmware.example/streetnode");
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        assertThat(served.offsets).containsExactly(0L, 12L * BLOCK);
        assertThat(Files.readAllBytes(dir.resolve("spool/package.snpkg"))).isEqualTo(v030);
    }

    @Test
    void aPullWithoutProgressGivesUpAsConnectionLostAndTheSameUriResumesLater() throws Exception {
        served.content = v030;
        served.failAfterBlocks.set(9);
        served.down = true;
        UpdateService s = service();
        s.writeUri("coaps://firmware.example/streetnode");
        awaitPhase(s, UpdatePhase.IDLE);
        assertThat(s.status().result()).isEqualTo(UpdateResult.CONNECTION_LOST);
        // the first attempt, then 3 retries without progress
        assertThat(served.offsets).containsExactly(0L, 9L * BLOCK, 9L * BLOCK, 9L * BLOCK);
        // the network is back: the platform writes the URI again and the download goes on from there
        served.down = false;
        served.failAfterBlocks.set(Integer.MAX_VALUE);
        served.offsets.clear();
        s.writeUri("coaps://firmware.example/streetnode");
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        assertThat(served.offsets).containsExactly(9L * BLOCK);
    }

    @Test
    void aRestartInTheMiddleOfAPullResumesIt() throws Exception {
        served.content = v030;
        served.blockForever.set(true);
        served.failAfterBlocks.set(20);
        UpdateService s = service();
        s.writeUri("coaps://firmware.example/streetnode");
        await().until(() -> Files.exists(dir.resolve("spool/download.part"))
                && Files.size(dir.resolve("spool/download.part")) == 20L * BLOCK);
        s.stop();
        served.blockForever.set(false);
        served.failAfterBlocks.set(Integer.MAX_VALUE);
        served.offsets.clear();
        UpdateService after = service();
        awaitPhase(after, UpdatePhase.DOWNLOADED);
        assertThat(served.offsets).containsExactly(20L * BLOCK);
    }

    @Test
    void aTornLastBlockAfterAPowerCutIsFetchedAgain() throws Exception {
        served.content = v030;
        UpdateService s = service();
        served.blockForever.set(true);
        served.failAfterBlocks.set(5);
        s.writeUri("coaps://firmware.example/streetnode");
        await().until(() -> Files.exists(dir.resolve("spool/download.part"))
                && Files.size(dir.resolve("spool/download.part")) == 5L * BLOCK);
        s.stop();
        Files.write(dir.resolve("spool/download.part"), new byte[300], java.nio.file.StandardOpenOption.APPEND);
        served.blockForever.set(false);
        served.failAfterBlocks.set(Integer.MAX_VALUE);
        served.offsets.clear();
        UpdateService after = service();
        awaitPhase(after, UpdatePhase.DOWNLOADED);
        assertThat(served.offsets).containsExactly(5L * BLOCK);
        assertThat(Files.readAllBytes(dir.resolve("spool/package.snpkg"))).isEqualTo(v030);
    }

    @Test
    void urisTheNodeCannotUseAreRefusedWithTheirResults() throws Exception {
        UpdateService s = service();
        assertThat(s.writeUri("coaps://bad host/x")).isEqualTo(Answer.DONE);
        assertThat(s.status().result()).isEqualTo(UpdateResult.INVALID_URI);
        s.writeUri("ftp://firmware.example/streetnode.snpkg");
        assertThat(s.status().result()).isEqualTo(UpdateResult.UNSUPPORTED_PROTOCOL);
        s.writeUri("coap://firmware.example/streetnode.snpkg");
        assertThat(s.status().result()).isEqualTo(UpdateResult.UNSUPPORTED_PROTOCOL);
        assertThat(s.status().reason()).contains("only in a lab setup");
        assertThat(s.status().phase()).isEqualTo(UpdatePhase.IDLE);
        assertThat(s.pullSchemes()).containsExactlyInAnyOrder("coaps");
        served.notFound = true;
        s.writeUri("coaps://firmware.example/missing");
        awaitPhase(s, UpdatePhase.IDLE);
        assertThat(s.status().result()).isEqualTo(UpdateResult.INVALID_URI);
    }

    @Test
    void aPullIsRefusedFromItsHeadWithoutFetchingTheRest() throws Exception {
        served.content = unsigned;
        UpdateService s = service();
        s.writeUri("coaps://firmware.example/unsigned");
        awaitPhase(s, UpdatePhase.IDLE);
        assertThat(s.status().result()).isEqualTo(UpdateResult.INTEGRITY_FAILURE);
        assertThat(served.blocksServed.get()).isLessThan(blocks(unsigned));
    }

    @Test
    void aCancelStopsAPullAndDropsWhatItHad() throws Exception {
        served.content = v030;
        served.blockForever.set(true);
        served.failAfterBlocks.set(3);
        UpdateService s = service();
        s.writeUri("coaps://firmware.example/streetnode");
        await().until(() -> served.blocksServed.get() == 3);
        assertThat(s.writeUri("")).isEqualTo(Answer.DONE);
        assertThat(s.status()).isEqualTo(UpdateStatus.INITIAL);
        assertThat(Files.exists(dir.resolve("spool/download.part"))).isFalse();
    }

    @Test
    void aPullIsCheckedAgainstTheFreeSpaceBeforeItStoresMoreThanItsFirstBlock() throws Exception {
        served.content = v030;
        free = v030.length - 1;
        UpdateService s = service();
        s.writeUri("coaps://firmware.example/streetnode");
        awaitPhase(s, UpdatePhase.IDLE);
        assertThat(s.status().result()).isEqualTo(UpdateResult.NOT_ENOUGH_STORAGE);
        assertThat(s.status().reason()).contains("no room for the package");
        assertThat(served.blocksServed.get()).as("the first answer gives the size; nothing more is fetched").isEqualTo(1);
        assertThat(Files.exists(dir.resolve("spool/download.part"))).isFalse();
    }

    @Test
    void aPullIsHeldToTheRateLimit() throws Exception {
        served.content = v030;
        List<Duration> waits = new CopyOnWriteArrayList<>();
        UpdateService s = service(new UpdateSettings(key.getPublic(), DebianVersion.parse("0.2.0"), false, 1024,
                dir.resolve("spool"), false, Duration.ofMinutes(5), 3, Duration.ofMillis(10), 0), waits::add);
        s.writeUri("coaps://firmware.example/streetnode");
        awaitPhase(s, UpdatePhase.DOWNLOADED);
        // The waits are asked for and not slept here: at 1 KB/s each block is due a second after the one
        // before, less the one second of burst the limit lends, so the last wait is nearly the whole download.
        long seconds = v030.length / 1024;
        assertThat(waits).hasSizeGreaterThan(blocks(v030) - 3);
        assertThat(waits.stream().max(Duration::compareTo).orElseThrow()).isGreaterThan(Duration.ofSeconds(seconds / 2));
    }

    @Test
    void runningOutOfMemoryWhilePullingIsOutOfMemory() throws Exception {
        served.content = v030;
        served.failAfterBlocks.set(4);
        served.outOfMemory = true;
        UpdateService s = service();
        s.writeUri("coaps://firmware.example/streetnode");
        awaitPhase(s, UpdatePhase.IDLE);
        assertThat(s.status().result()).isEqualTo(UpdateResult.OUT_OF_MEMORY);
        assertThat(s.status().reason()).contains("ran out of memory at " + 4 * BLOCK + " bytes");
        assertThat(served.offsets).as("not retried").containsExactly(0L);
        assertThat(Files.exists(dir.resolve("spool/download.part"))).isFalse();
    }

    /** Serves a package from memory in blocks; fails or stalls on demand. */
    private static final class ServedPackage implements PackageFetcher {
        volatile byte[] content = new byte[0];
        final AtomicInteger failAfterBlocks = new AtomicInteger(Integer.MAX_VALUE);
        final AtomicInteger blocksServed = new AtomicInteger();
        final AtomicBoolean blockForever = new AtomicBoolean();
        final List<Long> offsets = new CopyOnWriteArrayList<>();
        volatile boolean down;
        volatile boolean notFound;
        /** Where it fails: run out of memory instead of losing the connection. */
        volatile boolean outOfMemory;

        @Override
        public Set<String> schemes() {
            return Set.of("coaps", "coap");
        }

        @Override
        public void fetch(URI uri, long offset, BlockSink sink) throws FetchException, InterruptedException {
            offsets.add(offset);
            if (notFound) {
                throw new FetchException(FetchException.Kind.NOT_FOUND, "4.04 Not Found");
            }
            for (long at = offset; at < content.length; at += BLOCK) {
                if (blocksServed.get() >= failAfterBlocks.get()) {
                    if (blockForever.get()) {
                        Thread.sleep(Long.MAX_VALUE);
                    }
                    if (outOfMemory) {
                        throw new OutOfMemoryError("Java heap space (stand-in)");
                    }
                    failAfterBlocks.set(down ? failAfterBlocks.get() : Integer.MAX_VALUE);
                    throw new FetchException(FetchException.Kind.TRANSIENT, "timeout");
                }
                blocksServed.incrementAndGet();
                sink.accept(at, Arrays.copyOfRange(content, (int) at, (int) Math.min(content.length, at + BLOCK)), content.length);
            }
        }
    }
}
