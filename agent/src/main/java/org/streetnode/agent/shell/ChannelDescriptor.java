package org.streetnode.agent.shell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;

/**
 * The file descriptor number of an accepted {@link SocketChannel}, which {@code getsockopt}
 * needs. Java has no public way to it: the JDK's own {@code jdk.net.ExtendedSocketOptions.SO_PEERCRED}
 * gives only a user and a group name, no pid and no supplementary groups.
 *
 * <p>Every selectable channel of the JDK implements {@code sun.nio.ch.SelChImpl}, whose public
 * {@code getFDVal()} returns the descriptor. The package is not exported, so the agent's jar
 * exports it to itself ({@code Add-Exports: java.base/sun.nio.ch} in its manifest; tests pass
 * {@code --add-exports}). This is a public method of a public interface, so no
 * {@code setAccessible} and no {@code --add-opens} are needed, and the interface has been in
 * the JDK since NIO began. {@link #check()} runs when the shell starts, so a JVM without the
 * export fails there, with this explanation, rather than on the first connection.
 */
final class ChannelDescriptor {
    private static final String INTERFACE = "sun.nio.ch.SelChImpl";

    private ChannelDescriptor() {
    }

    /** Throws, saying what to do, when descriptors cannot be read in this JVM. */
    static void check() {
        method();
    }

    static int of(SocketChannel channel) {
        Method getFdVal = method();
        if (!getFdVal.getDeclaringClass().isInstance(channel)) {
            throw new IllegalStateException(channel.getClass().getName() + " is not a " + INTERFACE);
        }
        try {
            return (int) getFdVal.invoke(channel);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the socket's file descriptor: " + e, e);
        }
    }

    private static Method method() {
        try {
            Class<?> selChImpl = Class.forName(INTERFACE);
            if (!selChImpl.getModule().isExported(selChImpl.getPackageName(), ChannelDescriptor.class.getModule())) {
                throw new IllegalStateException("java.base does not export sun.nio.ch to the agent: run it from its jar "
                        + "(java -jar, whose manifest exports it) or with --add-exports java.base/sun.nio.ch=ALL-UNNAMED");
            }
            return selChImpl.getMethod("getFDVal");
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("this Java runtime has no " + INTERFACE + ".getFDVal(): " + e, e);
        }
    }
}
