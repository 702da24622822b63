package org.deeplesion.synth;

import org.deeplesion.dicom.DicomDataset;
import org.deeplesion.dicom.Tag;
import org.deeplesion.dicom.Vr;

/** The modules a study's CT slices and presentation states share: Patient, General Study and Patient Study. */
final class Headers {

    private Headers() {}

    static void patientAndStudy(DicomDataset ds, StudyPlan plan) {
        PatientIdentity patient = plan.patient();
        StudyIdentity study = plan.identity();
        ds.putString(Tag.PatientName, Vr.PN, patient.patientName());
        ds.putString(Tag.PatientID, Vr.LO, patient.patientId());
        ds.putString(Tag.IssuerOfPatientID, Vr.LO, patient.issuerOfPatientId());
        ds.putString(Tag.PatientBirthDate, Vr.DA, patient.birthDate());
        ds.putString(Tag.PatientSex, Vr.CS, patient.sex());
        ds.putString(Tag.PatientAge, Vr.AS, study.patientAge());

        ds.putString(Tag.StudyInstanceUID, Vr.UI, plan.studyInstanceUid());
        ds.putString(Tag.StudyDate, Vr.DA, study.studyDate());
        ds.putString(Tag.StudyTime, Vr.TM, study.studyTime());
        ds.putString(Tag.ReferringPhysicianName, Vr.PN, study.referringPhysicianName());
        ds.putString(Tag.NameOfPhysiciansReadingStudy, Vr.PN, study.readingPhysicianName());
        ds.putString(Tag.StudyID, Vr.SH, study.studyId());
        ds.putString(Tag.AccessionNumber, Vr.SH, study.accessionNumber());
        ds.putString(Tag.StudyDescription, Vr.LO, "CT CHEST ABDOMEN WITH CONTRAST");
        ds.putString(Tag.InstitutionName, Vr.LO, study.institutionName());
        ds.putString(Tag.InstitutionAddress, Vr.ST, study.institutionAddress());
    }

    /** The scanner's General Equipment module and the staff of the General Series module. */
    static void equipment(DicomDataset ds, StudyPlan plan) {
        StudyIdentity study = plan.identity();
        ds.putString(Tag.Manufacturer, Vr.LO, plan.scanner().manufacturer());
        ds.putString(Tag.ManufacturerModelName, Vr.LO, plan.scanner().modelName());
        ds.putString(Tag.SoftwareVersions, Vr.LO, plan.scanner().softwareVersion());
        ds.putString(Tag.StationName, Vr.SH, study.stationName());
        ds.putString(Tag.DeviceSerialNumber, Vr.LO, study.deviceSerialNumber());
        ds.putString(Tag.PerformingPhysicianName, Vr.PN, study.performingPhysicianName());
        ds.putString(Tag.OperatorsName, Vr.PN, study.operatorsName());
    }
}
