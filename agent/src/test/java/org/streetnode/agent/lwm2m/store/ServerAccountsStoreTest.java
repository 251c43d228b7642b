package org.streetnode.agent.lwm2m.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;

class ServerAccountsStoreTest {
    @TempDir
    Path dir;

    private final ServerAccountsStore store = new ServerAccountsStore(Path.of("unused"), new StaticModel(StreetnodeModels.models()),
            Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));

    private ServerAccountsStore store() {
        return new ServerAccountsStore(dir, new StaticModel(StreetnodeModels.models()),
                Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));
    }

    private static ServerAccountsStore.Accounts accounts(String uri, byte[] key) {
        LwM2mObject security = new LwM2mObject(0, List.of(new LwM2mObjectInstance(1, List.of(
                LwM2mSingleResource.newStringResource(0, uri), LwM2mSingleResource.newBooleanResource(1, false),
                LwM2mSingleResource.newIntegerResource(2, 0),
                LwM2mSingleResource.newBinaryResource(3, "id".getBytes(StandardCharsets.UTF_8)),
                LwM2mSingleResource.newBinaryResource(4, new byte[0]), LwM2mSingleResource.newBinaryResource(5, key),
                LwM2mSingleResource.newIntegerResource(10, 1)))));
        LwM2mObject server = new LwM2mObject(1, List.of(new LwM2mObjectInstance(0, List.of(
                LwM2mSingleResource.newIntegerResource(0, 1), LwM2mSingleResource.newIntegerResource(1, 300),
                LwM2mSingleResource.newBooleanResource(6, true), LwM2mSingleResource.newStringResource(7, "U"),
                LwM2mSingleResource.newBooleanResource(23, false)))));
        return new ServerAccountsStore.Accounts(security, server);
    }

    @Test
    void keepsTheAccountsPrivatelyAndReadsThemBack() throws Exception {
        ServerAccountsStore s = store();
        byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        ServerAccountsStore.Accounts written = accounts("coaps://dm.example:5684", key);
        s.save(written, "factory-1");

        assertThat(Files.getPosixFilePermissions(s.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(s.load("factory-1")).isInstanceOfSatisfying(ServerAccountsStore.Kept.class, k -> {
            LwM2mObjectInstance sec = k.accounts().security().getInstance(1);
            assertThat(sec.getResource(0).getValue()).isEqualTo("coaps://dm.example:5684");
            assertThat((byte[]) sec.getResource(5).getValue()).isEqualTo(key);
            assertThat(k.accounts().server().getInstance(0).getResource(1).getValue()).isEqualTo(300L);
        });
        assertThat(s.toString()).doesNotContain("0011");
    }

    @Test
    void accountsOfAnotherFactoryConfigurationAreOutdated() throws Exception {
        ServerAccountsStore s = store();
        s.save(accounts("coaps://dm.example:5684", new byte[] {1}), "factory-1");
        assertThat(s.load("factory-2")).isInstanceOf(ServerAccountsStore.Outdated.class);
        s.forget();
        assertThat(s.load("factory-2")).isInstanceOf(ServerAccountsStore.Nothing.class);
    }

    @Test
    void aDamagedOrReadableByOthersFileIsUnusableAndCanBeSetAside() throws Exception {
        ServerAccountsStore s = store();
        s.save(accounts("coaps://dm.example:5684", new byte[] {1}), "factory-1");
        String whole = Files.readString(s.file());
        int secret = whole.indexOf("\"vd\"");
        Files.writeString(s.file(), whole.substring(0, secret + 12));
        assertThat(s.load("factory-1")).isInstanceOfSatisfying(ServerAccountsStore.Unusable.class,
                // the reason never quotes the file: it holds keys
                u -> assertThat(u.why()).doesNotContain(whole.substring(secret, secret + 12)));

        s.save(accounts("coaps://dm.example:5684", new byte[] {1}), "factory-1");
        Files.setPosixFilePermissions(s.file(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(s.load("factory-1")).isInstanceOfSatisfying(ServerAccountsStore.Unusable.class,
                u -> assertThat(u.why()).contains("private"));
        Path aside = s.quarantine();
        assertThat(aside.getFileName().toString()).startsWith(ServerAccountsStore.FILE_NAME + ".unusable-");
        assertThat(s.load("factory-1")).isInstanceOf(ServerAccountsStore.Nothing.class);
    }

    @Test
    void theFingerprintFollowsTheFactoryAccounts() {
        String a = store.fingerprint(accounts("coaps://dm.example:5684", new byte[] {1}));
        assertThat(store.fingerprint(accounts("coaps://dm.example:5684", new byte[] {1}))).isEqualTo(a);
        assertThat(store.fingerprint(accounts("coaps://dm.example:5684", new byte[] {2}))).isNotEqualTo(a);
        assertThat(a).hasSize(64);
    }
}
