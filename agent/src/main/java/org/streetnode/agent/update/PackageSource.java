package org.streetnode.agent.update;

import java.net.URI;

/** Where the package being downloaded comes from. */
public sealed interface PackageSource {
    /** The platform writes it to the node (LwM2M Package, /5/0/0). */
    record Push() implements PackageSource {
    }

    /** The node fetches it (LwM2M Package URI, /5/0/1). */
    record Pull(URI uri) implements PackageSource {
    }
}
