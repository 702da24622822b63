package org.deeplesion.synth;

/** What a phantom region is made of; lesions are placed by asking which tissue lies at a point. */
enum Tissue {
    AIR,
    FAT,
    MUSCLE,
    CAVITY,
    LUNG,
    LUNG_VESSEL,
    MEDIASTINUM,
    HEART,
    BLOOD,
    AIRWAY,
    ESOPHAGUS,
    LIVER,
    LIVER_VESSEL,
    SPLEEN,
    STOMACH,
    BOWEL,
    KIDNEY,
    KIDNEY_SINUS,
    CORTICAL_BONE,
    CANCELLOUS_BONE,
    SPINAL_CANAL,
    LESION
}
