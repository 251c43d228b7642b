package org.streetnode.agent.update;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the platform (through the LwM2M Firmware Update object) and crews can see and do of
 * updates. Every request is checked against the update state machine ({@link UpdateStateMachine})
 * first; what it does not allow changes nothing.
 */
public interface UpdateControl {
    UpdateStatus status();

    /** The version this agent runs. */
    String runningVersion();

    /** The URI of the package being pulled, if one is. */
    Optional<String> packageUri();

    /** The URI schemes this node pulls packages from (coaps and https; coap and http too in a lab setup). */
    Set<String> pullSchemes();

    /** Called after every change of the status. */
    void onChange(Consumer<UpdateStatus> listener);

    /** A whole package written at once; empty cancels. */
    Answer writePackage(byte[] pkg);

    /**
     * One block of a package pushed block by block. Block 0 always starts the push afresh (a
     * restarted push is not a duplicate); each later block must start where the last one ended
     * (or repeat it exactly, when its acknowledgement was lost).
     *
     * @param total the whole package's size when the platform gave it (CoAP Size1), else -1
     */
    Answer pushBlock(long offset, byte[] data, boolean more, long total);

    /** A package URI to pull from; empty cancels. */
    Answer writeUri(String uri);

    /** Hands the downloaded package to the install helper. */
    Answer update();
}
