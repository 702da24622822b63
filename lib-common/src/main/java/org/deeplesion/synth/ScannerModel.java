package org.deeplesion.synth;

/** The fictitious scanners of the cohort; each writes its pixels its own way. */
enum ScannerModel {
    HELIX("Helix Medical Systems", "Helix CT 64", "HX 4.2.1", "STANDARD", PixelEncoding.UNSIGNED_12_BIT),
    MERIDIAN("Meridian Imaging", "Meridian Sense 128", "MS VB20A", "B30f", PixelEncoding.SIGNED_16_BIT),
    NORDLICHT("Nordlicht Medizintechnik", "Polaris 256", "PL 2.0.7", "FC18", PixelEncoding.UNSIGNED_16_BIT);

    private final String manufacturer;
    private final String modelName;
    private final String softwareVersion;
    private final String kernel;
    private final PixelEncoding encoding;

    ScannerModel(String manufacturer, String modelName, String softwareVersion, String kernel, PixelEncoding encoding) {
        this.manufacturer = manufacturer;
        this.modelName = modelName;
        this.softwareVersion = softwareVersion;
        this.kernel = kernel;
        this.encoding = encoding;
    }

    String manufacturer() {
        return manufacturer;
    }

    String modelName() {
        return modelName;
    }

    String softwareVersion() {
        return softwareVersion;
    }

    String kernel() {
        return kernel;
    }

    PixelEncoding encoding() {
        return encoding;
    }
}
