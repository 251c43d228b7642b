/**
 * The node's local store of readings and of its fault history (store and forward), on SQLite.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Durability.</b> {@link org.streetnode.agent.store.ReadingStore#append} puts a reading
 *       in an in-memory open window; the window is committed in one transaction every
 *       {@code commit_window} (at once for an alarm). A reading is durable once its group commit
 *       is done: WAL mode with {@code synchronous=FULL} means neither {@code kill -9} nor a power
 *       cut takes a commit back or corrupts the file; they lose at most the open window.
 *       {@code flush()} and {@code close()} commit the open window.</li>
 *   <li><b>Bounded.</b> The file, WAL and shared-memory file together stay within
 *       {@code quota_bytes}; readings older than {@code max_age} are dropped once the clock is
 *       synchronised. When full, the lowest priority is dropped first, oldest first, so alarms are
 *       kept longest. Every drop is counted by reason and priority, persistently. Freed pages are
 *       reused; {@code incremental_vacuum} gives pages back only when the file is over its quota
 *       (the quota was lowered): never a whole-file VACUUM.</li>
 *   <li><b>Fault history.</b> A fault raised or cleared ({@code append(FaultEvent, ...)}) is an
 *       {@link org.streetnode.agent.store.Priority#ALARM} record, read back as a
 *       {@link org.streetnode.agent.store.StoredFaultEvent}: source, kind, message (at most 200
 *       characters), raised or cleared, and its time, under the same rules as a reading's (the
 *       clock correction, the memory path while the store cannot be written, the identity). It is
 *       committed at once, dropped last, and {@code readAlarms}/{@code takeAlarmsFromMemory} let
 *       delivery send it ahead of everything else.</li>
 *   <li><b>Identity.</b> Every committed record has a sequence number, from 1 without gaps in
 *       commit order, within the store's epoch. Seq continues after a restart from what was
 *       committed. A reading sent under a store seq leaves the node only after its commit, so an
 *       (epoch, seq) the platform has seen is never given to another reading. A fresh store
 *       (first start or after quarantine) takes a new epoch, written atomically to the
 *       {@code epoch} file beside the store before the store exists.</li>
 *   <li><b>Identity of readings sent from memory.</b> While the store cannot be written, readings
 *       leave from memory before any commit ({@code takeFromMemory}), so they cannot take store
 *       seqs: a crash would give those again. They are numbered in the run's memory epoch
 *       instead: 2<sup>62</sup> plus 62 bits of SHA-256 over the boot id and the boot clock at
 *       open. Nothing is written for it, so a read-only filesystem cannot stop it, and nothing
 *       can reuse it: every run of the agent draws its own (two runs of one boot open at
 *       different nanoseconds of the boot clock, two boots have different ids), so a crash,
 *       which forgets the run's count, forgets its epoch with it; two runs share one only if 62
 *       bits of SHA-256 collide. Within it seq counts from 1 in the order readings are first
 *       sent, without gaps (readings dropped from memory were never numbered; they are counted).
 *       A reading keeps its number for every resend, is forgotten once acknowledged and never
 *       written. When the store can be written again, what is still unsent is committed in
 *       order under store seqs, while a batch sent from memory and not yet answered is resent
 *       from memory as it is. Only such a batch still unanswered when the agent stops is
 *       committed too, and may then reach the platform once more under a store identity (at
 *       most one batch).</li>
 *   <li><b>Clock.</b> A reading taken before the wall clock is synchronised is flagged and
 *       remembers where it was taken on the boot's monotonic clock
 *       ({@link org.streetnode.agent.store.BootClock}: boot id and CLOCK_BOOTTIME, which run on
 *       through agent restarts; in the file, {@code boot_ms} and the {@code boots} table). While
 *       the clock is synchronised the agent calls {@code clockSynchronised()} every few seconds:
 *       this boot's flagged readings, in memory or committed by any run, get the wall clock minus
 *       the boot's clock, measured then, plus their place on it, and are marked corrected. No step
 *       is assumed: however often the wall clock was set, and whether the kernel still called it
 *       unsynchronised after NTP set it, the boot's clock gives the right time. Readings of a boot
 *       that ended unsynchronised cannot be corrected: they keep their time, flagged ("time
 *       unknown"), and are never dropped by age (which their time cannot tell), only by quota.</li>
 *   <li><b>Upgrades.</b> A file of an earlier schema version is brought to the current one in
 *       place at open, in one transaction; its epoch, readings and counts stay.</li>
 *   <li><b>Never dies of its buffer.</b> At open the file's identity, schema version and
 *       structure ({@code PRAGMA quick_check}) are checked. A corrupt, truncated, foreign or
 *       garbage file, or a WAL deleted under the store, sends the file set to
 *       {@code quarantine/} (timestamped, bounded count) and starts a fresh store with a new
 *       epoch, with a latched {@link org.streetnode.agent.store.AlarmReason#STORE_QUARANTINED}
 *       alarm ({@code quarantined()}, with the time of the quarantine: the agent records it as the
 *       fresh store's first alarm record). A full disk or read-only filesystem raises an alarm, keeps readings in a bounded
 *       memory queue, from which delivery sends them while the uplink works, and retries; past
 *       the bound the lowest priority goes first, oldest first, counted (memory); nothing throws
 *       into the sampler.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * The sampler calls {@code append} (never blocks on I/O). The store's own committer thread runs
 * the group commits. The delivery engine reads, acknowledges and rejects from its thread;
 * acknowledgements are applied in the next group commit, so deleting delivered readings costs no
 * transaction of its own (after a crash they may be sent once more: at least once).
 */
package org.streetnode.agent.store;
