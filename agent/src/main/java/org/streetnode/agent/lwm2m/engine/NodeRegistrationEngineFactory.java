package org.streetnode.agent.lwm2m.engine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.engine.RegistrationEngineFactory;
import org.eclipse.leshan.client.observer.LwM2mClientObserver;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.request.ContentFormat;

/** Plugs {@link NodeRegistrationEngine} into Leshan's client builder. */
public final class NodeRegistrationEngineFactory implements RegistrationEngineFactory {
    private final EngineSettings settings;

    public NodeRegistrationEngineFactory(EngineSettings settings) {
        this.settings = settings;
    }

    @Override
    public RegistrationEngine createRegistratioEngine(String endpoint, LwM2mObjectTree objectTree,
            EndpointsManager endpointsManager, UplinkRequestSender requestSender, BootstrapHandler bootstrapState,
            LwM2mClientObserver observer, Map<String, String> additionalAttributes,
            Map<String, String> bsAdditionalAttributes, Set<ContentFormat> supportedContentFormat,
            ScheduledExecutorService sharedExecutor, LinkFormatHelper linkFormatHelper) {
        return new NodeRegistrationEngine(endpoint, objectTree.getObjectEnablers(), endpointsManager, requestSender,
                bootstrapState, observer, additionalAttributes, bsAdditionalAttributes, linkFormatHelper,
                supportedContentFormat, settings);
    }
}
