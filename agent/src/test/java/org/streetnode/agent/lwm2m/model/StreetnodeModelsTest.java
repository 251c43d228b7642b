package org.streetnode.agent.lwm2m.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.junit.jupiter.api.Test;

class StreetnodeModelsTest {

    @Test
    void everyObjectHasOneModelWithItsRegistryVersion() {
        Set<Integer> ids = new HashSet<>();
        for (ObjectSpec spec : StreetnodeModels.ALL) {
            assertThat(ids.add(spec.id())).as("object %d declared once", spec.id()).isTrue();
        }
        assertThat(StreetnodeModels.spec(3416).version()).isEqualTo("2.0");
        assertThat(StreetnodeModels.spec(3311).version()).isEqualTo("1.0");
        assertThat(StreetnodeModels.spec(3303).version()).isEqualTo("1.1");
        assertThat(StreetnodeModels.spec(1).version()).isEqualTo("1.1");
    }

    @Test
    void leshanModelsCarryTheFacts() {
        ObjectModel lamp = UcifiObjects.OUTDOOR_LAMP_CONTROLLER.toModel();
        ResourceModel command = lamp.resources.get(1);
        assertThat(command.operations).isEqualTo(ResourceModel.Operations.RW);
        assertThat(command.mandatory).isTrue();
        assertThat(command.rangeEnumeration).isEqualTo("0..100");
        assertThat(command.units).isEqualTo("/100");
        assertThat(lamp.urn).isEqualTo("urn:oma:lwm2m:ext:3416:2.0");
        assertThat(CoreObjects.SERVER.toModel().resources.get(17).operations).isEqualTo(ResourceModel.Operations.NONE);
        assertThat(CoreObjects.DEVICE.toModel().resources.get(11).multiple).isTrue();
    }

    @Test
    void numericRangesPrintAsTheRegistryWritesThem() {
        assertThat(new NumericRange(0, 100)).hasToString("0..100");
        assertThat(new NumericRange(-1, 0.5)).hasToString("-1..0.5");
        assertThat(new NumericRange(0, 1).contains(1)).isTrue();
        assertThat(new NumericRange(0, 1).contains(1.0001)).isFalse();
    }
}
