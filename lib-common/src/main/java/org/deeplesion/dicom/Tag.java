package org.deeplesion.dicom;

import java.util.Locale;

/** Tags of the DICOM data dictionary used by this project (PS3.6), as (group << 16 | element). */
public final class Tag {
    public static final int FileMetaInformationGroupLength = 0x00020000;
    public static final int FileMetaInformationVersion = 0x00020001;
    public static final int MediaStorageSOPClassUID = 0x00020002;
    public static final int MediaStorageSOPInstanceUID = 0x00020003;
    public static final int TransferSyntaxUID = 0x00020010;
    public static final int ImplementationClassUID = 0x00020012;
    public static final int ImplementationVersionName = 0x00020013;
    public static final int SourceApplicationEntityTitle = 0x00020016;
    public static final int FileSetID = 0x00041130;
    public static final int DirectoryRecordSequence = 0x00041220;
    public static final int SpecificCharacterSet = 0x00080005;
    public static final int ImageType = 0x00080008;
    public static final int InstanceCreationDate = 0x00080012;
    public static final int InstanceCreationTime = 0x00080013;
    public static final int SOPClassUID = 0x00080016;
    public static final int SOPInstanceUID = 0x00080018;
    public static final int StudyDate = 0x00080020;
    public static final int SeriesDate = 0x00080021;
    public static final int AcquisitionDate = 0x00080022;
    public static final int ContentDate = 0x00080023;
    public static final int StudyTime = 0x00080030;
    public static final int SeriesTime = 0x00080031;
    public static final int AcquisitionTime = 0x00080032;
    public static final int ContentTime = 0x00080033;
    public static final int AccessionNumber = 0x00080050;
    public static final int Modality = 0x00080060;
    public static final int ConversionType = 0x00080064;
    public static final int Manufacturer = 0x00080070;
    public static final int InstitutionName = 0x00080080;
    public static final int InstitutionAddress = 0x00080081;
    public static final int ReferringPhysicianName = 0x00080090;
    public static final int StationName = 0x00081010;
    public static final int StudyDescription = 0x00081030;
    public static final int SeriesDescription = 0x0008103E;
    public static final int InstitutionalDepartmentName = 0x00081040;
    public static final int PhysiciansOfRecord = 0x00081048;
    public static final int PerformingPhysicianName = 0x00081050;
    public static final int NameOfPhysiciansReadingStudy = 0x00081060;
    public static final int OperatorsName = 0x00081070;
    public static final int ManufacturerModelName = 0x00081090;
    public static final int ReferencedSeriesSequence = 0x00081115;
    public static final int ReferencedImageSequence = 0x00081140;
    public static final int ReferencedSOPClassUID = 0x00081150;
    public static final int ReferencedSOPInstanceUID = 0x00081155;
    public static final int ReferencedFrameNumber = 0x00081160;
    public static final int PatientName = 0x00100010;
    public static final int PatientID = 0x00100020;
    public static final int IssuerOfPatientID = 0x00100021;
    public static final int PatientBirthDate = 0x00100030;
    public static final int PatientBirthTime = 0x00100032;
    public static final int PatientSex = 0x00100040;
    public static final int OtherPatientIDs = 0x00101000;
    public static final int OtherPatientNames = 0x00101001;
    public static final int PatientAge = 0x00101010;
    public static final int PatientSize = 0x00101020;
    public static final int PatientWeight = 0x00101030;
    public static final int PatientAddress = 0x00101040;
    public static final int PatientTelephoneNumbers = 0x00102154;
    public static final int PatientComments = 0x00104000;
    public static final int BodyPartExamined = 0x00180015;
    public static final int SliceThickness = 0x00180050;
    public static final int KVP = 0x00180060;
    public static final int SpacingBetweenSlices = 0x00180088;
    public static final int DeviceSerialNumber = 0x00181000;
    public static final int SoftwareVersions = 0x00181020;
    public static final int ProtocolName = 0x00181030;
    public static final int ExposureTime = 0x00181150;
    public static final int XRayTubeCurrent = 0x00181151;
    public static final int ConvolutionKernel = 0x00181210;
    public static final int PatientPosition = 0x00185100;
    public static final int StudyInstanceUID = 0x0020000D;
    public static final int SeriesInstanceUID = 0x0020000E;
    public static final int StudyID = 0x00200010;
    public static final int SeriesNumber = 0x00200011;
    public static final int AcquisitionNumber = 0x00200012;
    public static final int InstanceNumber = 0x00200013;
    public static final int PatientOrientation = 0x00200020;
    public static final int ImagePositionPatient = 0x00200032;
    public static final int ImageOrientationPatient = 0x00200037;
    public static final int FrameOfReferenceUID = 0x00200052;
    public static final int PositionReferenceIndicator = 0x00201040;
    public static final int SliceLocation = 0x00201041;
    public static final int SamplesPerPixel = 0x00280002;
    public static final int PhotometricInterpretation = 0x00280004;
    public static final int PlanarConfiguration = 0x00280006;
    public static final int NumberOfFrames = 0x00280008;
    public static final int Rows = 0x00280010;
    public static final int Columns = 0x00280011;
    public static final int PixelSpacing = 0x00280030;
    public static final int BitsAllocated = 0x00280100;
    public static final int BitsStored = 0x00280101;
    public static final int HighBit = 0x00280102;
    public static final int PixelRepresentation = 0x00280103;
    public static final int WindowCenter = 0x00281050;
    public static final int WindowWidth = 0x00281051;
    public static final int RescaleIntercept = 0x00281052;
    public static final int RescaleSlope = 0x00281053;
    public static final int RescaleType = 0x00281054;
    public static final int LossyImageCompression = 0x00282110;
    public static final int LossyImageCompressionRatio = 0x00282112;
    public static final int LossyImageCompressionMethod = 0x00282114;
    public static final int VOILUTSequence = 0x00283010;
    public static final int PerformedProcedureStepStartDate = 0x00400244;
    public static final int PerformedProcedureStepStartTime = 0x00400245;
    public static final int PerformedProcedureStepID = 0x00400253;
    public static final int ContentSequence = 0x0040A730;
    public static final int GraphicAnnotationSequence = 0x00700001;
    public static final int GraphicLayer = 0x00700002;
    public static final int GraphicAnnotationUnits = 0x00700005;
    public static final int TextObjectSequence = 0x00700008;
    public static final int GraphicObjectSequence = 0x00700009;
    public static final int BoundingBoxTopLeftHandCorner = 0x00700010;
    public static final int BoundingBoxBottomRightHandCorner = 0x00700011;
    public static final int BoundingBoxTextHorizontalJustification = 0x00700012;
    public static final int AnchorPoint = 0x00700014;
    public static final int AnchorPointVisibility = 0x00700015;
    public static final int GraphicDimensions = 0x00700020;
    public static final int NumberOfGraphicPoints = 0x00700021;
    public static final int GraphicData = 0x00700022;
    public static final int GraphicType = 0x00700023;
    public static final int GraphicFilled = 0x00700024;
    public static final int ImageHorizontalFlip = 0x00700041;
    public static final int ImageRotation = 0x00700042;
    public static final int DisplayedAreaTopLeftHandCorner = 0x00700052;
    public static final int DisplayedAreaBottomRightHandCorner = 0x00700053;
    public static final int DisplayedAreaSelectionSequence = 0x0070005A;
    public static final int GraphicLayerSequence = 0x00700060;
    public static final int GraphicLayerOrder = 0x00700062;
    public static final int GraphicLayerRecommendedDisplayGrayscaleValue = 0x00700066;
    public static final int GraphicLayerDescription = 0x00700068;
    public static final int ContentLabel = 0x00700080;
    public static final int ContentDescription = 0x00700081;
    public static final int PresentationCreationDate = 0x00700082;
    public static final int PresentationCreationTime = 0x00700083;
    public static final int ContentCreatorName = 0x00700084;
    public static final int PresentationSizeMode = 0x00700100;
    public static final int PresentationPixelSpacing = 0x00700101;
    public static final int PresentationPixelAspectRatio = 0x00700102;
    public static final int PresentationPixelMagnificationRatio = 0x00700103;
    public static final int ImageFormat = 0x00280040;
    public static final int PresentationLUTShape = 0x20500020;
    public static final int ExtendedOffsetTable = 0x7FE00001;
    public static final int ExtendedOffsetTableLengths = 0x7FE00002;
    public static final int FloatPixelData = 0x7FE00008;
    public static final int PixelData = 0x7FE00010;
    public static final int DigitalSignaturesSequence = 0xFFFAFFFA;
    public static final int Item = 0xFFFEE000;
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;

    private Tag() {}

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) == 1;
    }

    /** Formats a tag as DICOM writes it, e.g. {@code (7FE0,0010)}. */
    public static String toString(int tag) {
        return String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
