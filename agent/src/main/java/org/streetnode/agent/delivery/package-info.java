/**
 * Delivery of stored readings and of the fault history to the platform (the engine; the LwM2M
 * Send adapter implements {@link org.streetnode.agent.delivery.BatchSender}).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>At least once, oldest first.</b> Batches are read from the store in seq order, one in
 *       flight at a time, and deleted only after the server acknowledged them. A lost
 *       acknowledgement resends that one batch; after a crash, batches acknowledged within the
 *       last commit window may be sent once more. The platform de-duplicates on (epoch, seq) and
 *       sees real losses as gaps.</li>
 *   <li><b>Retries.</b> A failed Send waits an exponential backoff with jitter. A batch rejected
 *       as malformed (4.xx) moves to the store's rejected table, is counted and never retried.</li>
 *   <li><b>Alarm lane.</b> Alarm records (faults raised and cleared, committed at once) go
 *       before anything else, whenever they were committed, in batches of consecutive seqs (an
 *       acknowledgement deletes its batch's whole range): an alarm raised during an outage is the
 *       first thing the platform gets once it is back, ahead of the outage's backlog. The
 *       {@link org.streetnode.agent.delivery.BufferService} turns every fault raised and cleared on
 *       the node ({@code Health} events) into such a record, those raised before the store opened
 *       too.</li>
 *   <li><b>Live lane.</b> Readings committed since the uplink came up go next, before any
 *       backlog.</li>
 *   <li><b>From memory.</b> While the store cannot be written (disk full, read-only), readings
 *       go straight from its memory: alarms first, those taken since the uplink came up in the
 *       live lane, those taken before as backlog after the committed backlog, numbered in the
 *       store's memory epoch (see the store's package doc). A batch sent from memory is resent as
 *       it is, before anything else, until it is answered; acknowledged, its readings are never
 *       written.</li>
 *   <li><b>Gentle replay.</b> The backlog starts after a random delay up to
 *       {@code max_replay_start_delay} and is held to {@code replay_readings_per_second} and
 *       {@code replay_bytes_per_second} (charged what each batch takes encoded,
 *       {@link org.streetnode.agent.delivery.BatchSender#wireBytes}), so a city-wide outage does
 *       not end in a reconnect storm.</li>
 *   <li><b>Server settings.</b> Nothing is sent unless registered and Send is not muted
 *       (/1/x/23). With Notification Storing (/1/x/6) false, readings taken while not
 *       registered are not stored (counted as not stored).</li>
 * </ul>
 *
 * <h2>On the wire</h2>
 * A batch is one epoch's readings: every stored seq of its range, in seq order. The epoch, the
 * first seq and the rare gaps (readings dropped in between) travel once per batch, with an order
 * index that tells, seq by seq, which sensor's run the reading is in; the readings themselves
 * carry no identity bytes. See {@link org.streetnode.agent.delivery.WireSize} and BENCHMARKS.md.
 */
package org.streetnode.agent.delivery;
