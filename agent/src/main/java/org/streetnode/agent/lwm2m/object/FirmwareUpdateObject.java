package org.streetnode.agent.lwm2m.object;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lwm2m.model.CoreObjects;
import org.streetnode.agent.update.Answer;
import org.streetnode.agent.update.Manifest;
import org.streetnode.agent.update.UpdateControl;
import org.streetnode.agent.update.UpdateStatus;

/**
 * LwM2M Firmware Update (object 5 v1.0, instance 0; model {@link CoreObjects#FIRMWARE_UPDATE}):
 * how the platform updates the node's software, over the update service ({@link UpdateControl}).
 *
 * <p>0 Package: a streetnode update package, written whole or block-wise (Block1, each block
 * stored as it comes: {@link BlockwiseWritable}); an empty one cancels. 1 Package URI: where the
 * node pulls the package from (coaps://, https://; coap:// and http:// in a lab setup); an empty
 * one cancels; reads give the URI being pulled. 2 Update: hands the downloaded package to the
 * install helper. 3 State and 5 Update Result, observable, follow the LwM2M 1.1 state machine and
 * survive restarts. 6 PkgName and 7 PkgVersion: the downloaded package's while one is
 * downloaded or being installed, else the running agent's ({@code streetnode} and its version).
 * 8 Protocol Support: 1 CoAPS and 3 HTTPS, plus 0 CoAP and 2 HTTP in a lab setup. 9 Delivery
 * Method: 2, push and pull.
 *
 * <p>What the state machine does not allow now gets 4.00 for writes and 4.05 for Update,
 * and changes nothing. A pushed block out of sequence gets 4.08, one there is no room for 4.13
 * (and Update Result 2), one after which the package is refused 4.00 (and Update Result 5 or 6).
 */
public final class FirmwareUpdateObject extends ModelledInstance implements BlockwiseWritable {
    private static final Set<Integer> SERVED = Set.of(0, 1, 2, 3, 5, 6, 7, 8, 9);
    private static final Map<String, Long> PROTOCOLS = Map.of("coap", 0L, "coaps", 1L, "http", 2L, "https", 3L);
    private static final long PUSH_AND_PULL = 2;
    private static final int MAX_URI_BYTES = 255;

    private final UpdateControl update;
    private UpdateStatus last;

    public FirmwareUpdateObject(UpdateControl update) {
        super(CoreObjects.FIRMWARE_UPDATE, 0);
        this.update = update;
        this.last = update.status();
        update.onChange(this::statusChanged);
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        UpdateStatus s = update.status();
        Optional<Manifest> pkg = s.downloaded();
        return switch (resourceId) {
            case 1 -> ReadResponse.success(1, update.packageUri().orElse(""));
            case 3 -> ReadResponse.success(3, (long) s.phase().code());
            case 5 -> ReadResponse.success(5, (long) s.result().code());
            case 6 -> ReadResponse.success(6, pkg.map(Manifest::product).orElse(Manifest.PRODUCT));
            case 7 -> ReadResponse.success(7, pkg.map(m -> m.version().toString()).orElse(update.runningVersion()));
            case 8 -> ReadResponse.success(LwM2mMultipleResource.newIntegerResource(8, protocols()));
            case 9 -> ReadResponse.success(9, PUSH_AND_PULL);
            default -> ReadResponse.notFound();
        };
    }

    @Override
    protected Optional<WriteResponse> validate(LwM2mServer server, int resourceId, LwM2mResource value) {
        if (resourceId == 1 && ((String) value.getValue()).getBytes(StandardCharsets.UTF_8).length > MAX_URI_BYTES) {
            return Optional.of(WriteResponse.badRequest("Package URI is longer than " + MAX_URI_BYTES + " bytes"));
        }
        return Optional.empty();
    }

    @Override
    protected WriteResponse apply(LwM2mServer server, Map<Integer, LwM2mResource> values) {
        WriteResponse response = WriteResponse.success();
        if (values.containsKey(0)) {
            response = answer(update.writePackage((byte[]) values.get(0).getValue()), false);
        }
        if (values.containsKey(1) && response.isSuccess()) {
            response = answer(update.writeUri((String) values.get(1).getValue()), false);
        }
        return response;
    }

    @Override
    public WriteResponse writeBlock(LwM2mServer server, int resourceId, long offset, byte[] data, boolean more, long size1) {
        if (resourceId != 0) {
            return WriteResponse.badRequest("only Package (/5/0/0) is written block by block");
        }
        return answer(update.pushBlock(offset, data, more, size1), more);
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != 2) {
            return ExecuteResponse.notFound();
        }
        return switch (update.update()) {
            case Answer.Done d -> ExecuteResponse.success();
            case Answer.NotNow n -> ExecuteResponse.methodNotAllowed();
            case Answer a -> ExecuteResponse.internalServerError(a.reason());
        };
    }

    /** 2.31 Continue for a block with more to come, as RFC 7959 wants; the codes the class comment lists otherwise. */
    private static WriteResponse answer(Answer a, boolean more) {
        return switch (a) {
            case Answer.Done d -> more ? new WriteResponse(new ResponseCode(231, "CONTINUE"), null) : WriteResponse.success();
            case Answer.NotNow n -> WriteResponse.badRequest(n.reason());
            case Answer.Refused r -> WriteResponse.badRequest("package refused: " + r.reason());
            case Answer.OutOfSequence o -> new WriteResponse(ResponseCode.REQUEST_ENTITY_INCOMPLETE, o.reason());
            case Answer.NoRoom n -> new WriteResponse(ResponseCode.REQUEST_ENTITY_TOO_LARGE, n.reason());
            case Answer.Failed f -> WriteResponse.internalServerError(f.reason());
        };
    }

    private Map<Integer, Long> protocols() {
        Map<Integer, Long> out = new TreeMap<>();
        update.pullSchemes().stream().map(PROTOCOLS::get).filter(Objects::nonNull).sorted()
                .forEach(code -> out.put(out.size(), code));
        return out;
    }

    /** Observers of State, Update Result, PkgName, PkgVersion and Package URI hear of each change. */
    private synchronized void statusChanged(UpdateStatus now) {
        UpdateStatus before = last;
        last = now;
        java.util.List<Integer> changed = new java.util.ArrayList<>();
        if (before.phase() != now.phase()) {
            changed.add(3);
        }
        if (before.result() != now.result()) {
            changed.add(5);
        }
        if (!before.downloaded().equals(now.downloaded())) {
            changed.add(6);
            changed.add(7);
        }
        if (!before.source().equals(now.source())) {
            changed.add(1);
        }
        if (!changed.isEmpty()) {
            changed(changed.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
