package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.eclipse.leshan.core.LwM2m.Version;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveCompositeRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.delivery.UplinkConditions;
import org.streetnode.drivers.Quantity;

/**
 * The node's objects as a Leshan server sees them over DTLS-PSK: registration, reads of every
 * object, observation with and without notification attributes, composite observation, and
 * writes that must be refused without changing anything. One node for all tests (each test
 * uses its own sensors' values).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeObjectsTest {
    private NodeFixture node;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        node = NodeFixture.start(dir);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private Object value(String path) throws InterruptedException {
        ReadResponse r = node.read(path);
        assertThat(r.isSuccess()).as("read %s: %s %s", path, r.getCode(), r.getErrorMessage()).isTrue();
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    @Test
    void registersEveryObjectWithItsVersionAndOneInstancePerSensor() {
        var reg = node.registration();
        assertThat(reg.getSupportedVersion(3)).isEqualTo(new Version("1.1"));
        assertThat(reg.getSupportedVersion(4)).isEqualTo(new Version("1.2"));
        assertThat(reg.getSupportedVersion(3303)).isEqualTo(new Version("1.1"));
        assertThat(reg.getSupportedVersion(3410)).isEqualTo(new Version("2.0"));
        assertThat(reg.getSupportedVersion(3418)).isEqualTo(new Version("2.0"));
        assertThat(reg.getSupportedVersion(3428)).isEqualTo(new Version("2.0"));
        // simulated board: bme280 "air" and sht31 "climate" both measure temperature and humidity
        assertThat(reg.getAvailableInstances()).extracting(LwM2mPath::toString).contains(
                "/3/0", "/4/0", "/6/0", "/3410/0", "/3303/0", "/3303/1", "/3304/0", "/3304/1", "/3315/0", "/3301/0",
                "/3324/0", "/3418/0", "/3428/0", "/3302/0");
    }

    @Test
    void readsTheDeviceLocationAndConnectivity() throws Exception {
        ReadResponse device = node.read("/3/0");
        LwM2mObjectInstance d = (LwM2mObjectInstance) device.getContent();
        assertThat(d.getResource(0).getValue()).isEqualTo("streetnode");
        assertThat(d.getResource(16).getValue()).isEqualTo("U");
        assertThat(d.getResources()).containsKeys(0, 1, 2, 3, 11, 13, 14, 15, 16, 17, 19);

        assertThat((Double) value("/6/0/0")).isEqualTo(50.927);
        assertThat((Double) value("/6/0/1")).isEqualTo(11.586);
        assertThat(value("/6/0/5")).isInstanceOf(Date.class);

        ReadResponse connectivity = node.read("/4/0");
        assertThat(connectivity.isSuccess()).isTrue();
        LwM2mObjectInstance c = (LwM2mObjectInstance) connectivity.getContent();
        assertThat(c.getResource(1).isMultiInstances()).isTrue();
        assertThat(c.getResource(4).isMultiInstances()).isTrue();

        assertThat((String) value("/3410/0/2")).matches("[0-9A-F]{6}");
        assertThat((String) value("/3410/0/10")).startsWith("Java ");
    }

    @Test
    void sensorObjectsShowTheLatestReadingWithUnitsExtremesAndTimestamp() throws Exception {
        assertThat(node.read("/3303/0/5700").getCode()).isEqualTo(ResponseCode.NOT_FOUND); // no reading yet
        node.publish("air", Quantity.TEMPERATURE, 21.5);
        node.publish("air", Quantity.TEMPERATURE, 19.0);
        node.publish("air", Quantity.TEMPERATURE, 20.25);
        node.publish("climate", Quantity.TEMPERATURE, 18.0);

        assertThat(value("/3303/0/5700")).isEqualTo(20.25);
        assertThat(value("/3303/0/5701")).isEqualTo("Cel");
        assertThat(value("/3303/0/5601")).isEqualTo(19.0);
        assertThat(value("/3303/0/5602")).isEqualTo(21.5);
        assertThat(value("/3303/0/5750")).isEqualTo("air (bme280)");
        assertThat(value("/3303/0/5518")).isInstanceOf(Date.class);
        assertThat(value("/3303/1/5700")).isEqualTo(18.0);
        assertThat(value("/3303/1/5750")).isEqualTo("climate (sht31)");

        assertThat(node.send(new ExecuteRequest("/3303/0/5605")).isSuccess()).isTrue();
        assertThat(value("/3303/0/5601")).isEqualTo(20.25);
        assertThat(value("/3303/0/5602")).isEqualTo(20.25);

        node.publish("air", Quantity.HUMIDITY, 55.0);
        node.publish("air", Quantity.PRESSURE, 1013.25);
        node.publish("light", Quantity.ILLUMINANCE, 3.5);
        node.publish("noise", Quantity.SOUND_LEVEL, 48.0);
        node.publish("pm", Quantity.PM2_5, 7.5);
        node.publish("pm", Quantity.PM10, 12.0);
        node.publish("lamp-power", Quantity.VOLTAGE, 24.125);
        node.publish("lamp-power", Quantity.CURRENT, 0.5);
        node.publish("lamp-power", Quantity.POWER, 12.0625);
        assertThat(value("/3304/0/5700")).isEqualTo(55.0);
        assertThat(value("/3304/0/5701")).isEqualTo("%RH");
        assertThat(value("/3315/0/5700")).isEqualTo(1013.25);
        assertThat(value("/3315/0/5701")).isEqualTo("hPa");
        assertThat(value("/3301/0/5700")).isEqualTo(3.5);
        assertThat(value("/3324/0/5700")).isEqualTo(48.0);
        assertThat(value("/3324/0/5701")).isEqualTo("dBA");
        assertThat(value("/3428/0/3")).isEqualTo(7.5);
        assertThat(value("/3428/0/1")).isEqualTo(12.0);
        assertThat(value("/3418/0/1")).isEqualTo(24.125);
        assertThat(value("/3418/0/2")).isEqualTo(0.5);
        assertThat(value("/3418/0/4")).isEqualTo(12.0625);
    }

    @Test
    void presenceShowsStateAndACountThatCanBeReset() throws Exception {
        node.publish("presence", Quantity.PRESENCE, 1);
        node.publish("presence", Quantity.PRESENCE_COUNT, 41);
        assertThat(value("/3302/0/5500")).isEqualTo(true);
        assertThat(value("/3302/0/5501")).isEqualTo(41L);
        assertThat(value("/3302/0/5751")).isEqualTo("PIR");

        assertThat(node.send(new ExecuteRequest("/3302/0/5505")).isSuccess()).isTrue();
        assertThat(value("/3302/0/5501")).isEqualTo(0L);
        node.publish("presence", Quantity.PRESENCE_COUNT, 44);
        node.publish("presence", Quantity.PRESENCE, 0);
        assertThat(value("/3302/0/5501")).isEqualTo(3L);
        assertThat(value("/3302/0/5500")).isEqualTo(false);
    }

    @Test
    void observingASensorValueNotifiesEachNewReading() throws Exception {
        node.publish("climate", Quantity.HUMIDITY, 60.0);
        assertThat(node.send(new ObserveRequest("/3304/1/5700")).isSuccess()).isTrue();

        node.publish("climate", Quantity.HUMIDITY, 61.0);
        node.publish("climate", Quantity.HUMIDITY, 62.5);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.notifications.values("/3304/1/5700").contains(62.5));
        assertThat(node.notifications.values("/3304/1/5700")).contains(61.0);
    }

    @Test
    void aNewExtremeNotifiesItsObserversAndPresenceNotifiesEachChange() throws Exception {
        node.publish("light", Quantity.ILLUMINANCE, 50.0);
        node.publish("presence", Quantity.PRESENCE, 0);
        assertThat(node.send(new ObserveRequest("/3301/0/5601")).isSuccess()).isTrue();
        assertThat(node.send(new ObserveRequest("/3302/0/5500")).isSuccess()).isTrue();

        node.publish("light", Quantity.ILLUMINANCE, 2.0); // a new minimum
        node.publish("presence", Quantity.PRESENCE, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.notifications.values("/3301/0/5601").contains(2.0)
                && node.notifications.values("/3302/0/5500").contains(true));

        // the profile names sensors: 5750 Application Type, writable in IPSO, is refused
        assertThat(node.send(new WriteRequest(3301, 0, 5750, "somewhere")).getCode())
                .isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(value("/3301/0/5750")).isEqualTo("light (bh1750)");
    }

    @Test
    void writeAttributesStepGreaterThanAndLessThanDecideWhichReadingsAreNotified() throws Exception {
        node.publish("noise", Quantity.SOUND_LEVEL, 40.0);
        LwM2mAttributeSet attributes = new LwM2mAttributeSet(LwM2mAttributes.create(LwM2mAttributes.STEP, 5.0),
                LwM2mAttributes.create(LwM2mAttributes.GREATER_THAN, 70.0));
        assertThat(node.send(new WriteAttributesRequest("/3324/0/5700", attributes)).isSuccess()).isTrue();
        assertThat(node.send(new ObserveRequest("/3324/0/5700")).isSuccess()).isTrue();

        node.publish("noise", Quantity.SOUND_LEVEL, 42.0); // a step of 2: not notified
        node.publish("noise", Quantity.SOUND_LEVEL, 46.0); // a step of 6 from the last sent: notified
        node.publish("noise", Quantity.SOUND_LEVEL, 75.0); // crosses 70: notified
        node.publish("noise", Quantity.SOUND_LEVEL, 76.0); // neither: not notified
        await().atMost(Duration.ofSeconds(5)).until(() -> node.notifications.values("/3324/0/5700").contains(75.0));
        assertThat(node.notifications.values("/3324/0/5700")).containsExactly(46.0, 75.0);

        // lt: crossing below 50 is notified, whatever the step
        LwM2mAttributeSet lt = new LwM2mAttributeSet(LwM2mAttributes.create(LwM2mAttributes.LESSER_THAN, 50.0));
        assertThat(node.send(new WriteAttributesRequest("/3324/0/5700", lt)).isSuccess()).isTrue();
        node.publish("noise", Quantity.SOUND_LEVEL, 45.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.notifications.values("/3324/0/5700").contains(45.0));
    }

    @Test
    void writeAttributesPmaxNotifiesWithoutNewReadingsAndPminHoldsThemBack() throws Exception {
        node.publish("light", Quantity.ILLUMINANCE, 100.0);
        LwM2mAttributeSet pmax = new LwM2mAttributeSet(LwM2mAttributes.create(LwM2mAttributes.MAXIMUM_PERIOD, 1L));
        assertThat(node.send(new WriteAttributesRequest("/3301/0/5700", pmax)).isSuccess()).isTrue();
        assertThat(node.send(new ObserveRequest("/3301/0/5700")).isSuccess()).isTrue();
        // no new reading, yet the value comes every second
        await().atMost(Duration.ofSeconds(6)).until(() -> node.notifications.values("/3301/0/5700").size() >= 2);

        node.publish("pm", Quantity.PM10, 20.0);
        LwM2mAttributeSet pmin = new LwM2mAttributeSet(LwM2mAttributes.create(LwM2mAttributes.MINIMUM_PERIOD, 2L));
        assertThat(node.send(new WriteAttributesRequest("/3428/0/1", pmin)).isSuccess()).isTrue();
        assertThat(node.send(new ObserveRequest("/3428/0/1")).isSuccess()).isTrue();
        node.publish("pm", Quantity.PM10, 21.0);
        node.publish("pm", Quantity.PM10, 22.0);
        // held back for pmin, then the latest value only
        await().atMost(Duration.ofSeconds(6)).until(() -> node.notifications.values("/3428/0/1").contains(22.0));
        assertThat(node.notifications.values("/3428/0/1")).doesNotContain(21.0);
    }

    @Test
    void observeCompositeNotifiesTheGroupWhenOneOfItsValuesChanges() throws Exception {
        node.publish("air", Quantity.PRESSURE, 1000.0);
        node.publish("lamp-power", Quantity.POWER, 10.0);
        var response = node.send(new ObserveCompositeRequest(ContentFormat.SENML_CBOR, ContentFormat.SENML_CBOR,
                "/3315/0/5700", "/3418/0/4"));
        assertThat(response.isSuccess()).as("%s %s", response.getCode(), response.getErrorMessage()).isTrue();

        node.publish("air", Quantity.PRESSURE, 1001.5);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.notifications.values("/3315/0/5700").contains(1001.5));
        assertThat(node.notifications.values("/3418/0/4")).contains(10.0);
    }

    @Test
    void badWritesGetTheRightCodeAndChangeNothing() throws Exception {
        // read-only resource: 4.05
        assertThat(node.send(new WriteRequest(Mode.REPLACE, 3303, 0, LwM2mSingleResource.newFloatResource(5700, 1.0)))
                .getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        // a resource no object has: 4.04
        assertThat(node.send(new WriteRequest(Mode.UPDATE, 1, 0, LwM2mSingleResource.newIntegerResource(9999, 1)))
                .getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        // out of range: 4.00
        assertThat(node.send(new WriteRequest(1, 0, 1, 0L)).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        // a binding the node does not speak: 4.00
        assertThat(node.send(new WriteRequest(1, 0, 7, "T")).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        // time comes from NTP: 4.05
        assertThat(node.send(new WriteRequest(3, 0, 13, new Date())).getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);

        // one bad resource in an instance write: nothing of it is applied
        long lifetime = (Long) value("/1/0/1");
        boolean storing = (Boolean) value("/1/0/6");
        var mixed = node.send(new WriteRequest(Mode.UPDATE, 1, 0,
                List.<LwM2mResource>of(LwM2mSingleResource.newIntegerResource(1, lifetime + 60),
                        LwM2mSingleResource.newBooleanResource(6, !storing),
                        LwM2mSingleResource.newStringResource(7, "S"))));
        assertThat(mixed.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(value("/1/0/1")).isEqualTo(lifetime);
        assertThat(value("/1/0/6")).isEqualTo(storing);
    }

    @Test
    void theServerObjectCarriesMuteSendNotificationStoringAndTheRetrySettingsTheBufferAndEngineUse() throws Exception {
        assertThat(value("/1/0/23")).isEqualTo(false);
        assertThat(value("/1/0/6")).isEqualTo(true);
        assertThat(node.lwm2m.uplink().uplinkState()).isEqualTo(new UplinkConditions.Snapshot(true, false, true));

        List<UplinkConditions.Snapshot> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        node.lwm2m.uplink().onUplinkChange(seen::add);
        assertThat(node.send(new WriteRequest(1, 0, 23, true)).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> !node.lwm2m.uplink().uplinkState().sendEnabled());
        assertThat(seen).contains(new UplinkConditions.Snapshot(true, true, true));
        assertThat(node.send(new WriteRequest(1, 0, 23, false)).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> node.lwm2m.uplink().uplinkState().sendEnabled());

        // 17-20 are written only by a bootstrap server in LwM2M 1.1: an LwM2M server may not
        assertThat(node.send(new WriteRequest(Mode.UPDATE, 1, 0,
                LwM2mSingleResource.newUnsignedIntegerResource(17, ULong.valueOf(9)))).getCode())
                .isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    }
}
