package org.streetnode.agent.bench;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.request.RegisterRequest;

/**
 * The footprint baseline: a bare Leshan client with only the Security, Server and Device
 * objects (Leshan's own classes and models), registering over DTLS-PSK with Leshan's default
 * registration engine. Run with the agent's JVM flags by {@link FootprintBenchmark}.
 *
 * <p>Arguments: SERVER_URI ENDPOINT PSK_IDENTITY PSK_HEX LIFETIME_SECONDS
 */
public final class BareLeshanClient {
    private BareLeshanClient() {
    }

    public static void main(String[] args) throws InterruptedException {
        String uri = args[0];
        String endpoint = args[1];
        ObjectsInitializer init = new ObjectsInitializer();
        init.setInstancesForObject(LwM2mId.SECURITY, Security.psk(uri, 1, args[2].getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex(args[3])));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(1, Long.parseLong(args[4])));
        init.setInstancesForObject(LwM2mId.DEVICE, new Device("Eclipse Leshan", "bare client", "BARE-0001"));
        LeshanClient client = new LeshanClientBuilder(endpoint)
                .setObjects(init.createAll())
                .setEndpointsProviders(new CaliforniumClientEndpointsProvider.Builder(new CoapsClientProtocolProvider()).build())
                .build();
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationID) {
                System.out.println("registered as " + registrationID);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> client.destroy(true)));
        client.start();
        new CountDownLatch(1).await();
    }
}
