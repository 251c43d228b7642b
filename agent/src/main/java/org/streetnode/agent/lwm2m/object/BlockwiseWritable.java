package org.streetnode.agent.lwm2m.object;

import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * An instance that takes a resource's value block by block, as a block-wise write (RFC 7959
 * Block1) brings it, instead of whole: for values larger than the node should hold in memory.
 * The node's CoAP stack passes such blocks up one by one (see {@code transport.StreamedBlock1Layer}).
 */
public interface BlockwiseWritable {
    /**
     * One block of a write of {@code resourceId}.
     *
     * @param offset where the block starts in the whole value
     * @param more whether more blocks follow (CoAP answers 2.31 Continue to those)
     * @param size1 the whole value's size when the server gave it (Size1), else -1
     * @return the answer; success answers a block with more to follow with 2.31
     */
    WriteResponse writeBlock(LwM2mServer server, int resourceId, long offset, byte[] data, boolean more, long size1);
}
