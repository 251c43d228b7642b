/**
 * {@code streetnode provision}: a technician's answers ({@link org.streetnode.agent.provision.NodeAnswers},
 * checked by {@link org.streetnode.agent.provision.Validation}) become credentials made on the node
 * ({@link org.streetnode.agent.provision.NodeCredentials}) and a config edited in place
 * ({@link org.streetnode.agent.provision.TomlEditor}), written with one atomic commit
 * ({@link org.streetnode.agent.provision.ProvisionCommit}); then the onboarding data, the
 * self-test, the service and the wait for registration ({@link org.streetnode.agent.provision.Provisioner}).
 */
package org.streetnode.agent.provision;
