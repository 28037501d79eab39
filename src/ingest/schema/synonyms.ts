/**
 * Header synonyms for auto-detection, normalised (lower case, letters and digits only).
 * Exact matches score high; a header merely containing a long synonym scores lower.
 * Collected from the presets' sources and the published schemas in docs/presets.md.
 */
export const FIELD_SYNONYMS: Record<string, string[]> = {
  id: [
    'incidentnumber', 'incidentnum', 'incidentid', 'incidentno', 'inciid', 'incino', 'eventnumber', 'eventno',
    'eventid', 'cadeventnumber', 'cadnumber', 'cadincidentnumber', 'callnumber', 'callno', 'callid', 'cfsnumber',
    'cfsid', 'masterincidentnumber', 'itemnumber', 'nopditem', 'recordid', 'caseno', 'casenumber', 'incident',
  ],
  callType: [
    'calltype', 'calltypedescription', 'calltypedesc', 'calltypetext', 'nature', 'natureofcall', 'naturedescription',
    'problem', 'incidenttype', 'incidenttypedesc', 'incidenttypedescription', 'eventtype', 'eventtypedescription',
    'typetext', 'typedescription', 'finalcalltype', 'finaltype', 'finaltypedescription', 'calldescription',
    'offense', 'complaint', 'cadeventtype', 'computeraideddispatcheventtype', 'originalcrimetypename', 'callreason',
    'eventclearancedescription', 'type', 'description', 'callnature', 'finalnature', 'natureofincident',
  ],
  callTypeCode: [
    'calltypecode', 'typecode', 'naturecode', 'incidenttypecode', 'incidenttypeid', 'callcode', 'eventtypecode',
    'finaltypecode', 'problemcode', 'cfscode', 'eventclearancecode', 'calltypeid', 'signalcode', 'radiocode',
    'calltypecd', 'naturecd',
  ],
  initialCallType: [
    'initialcalltype', 'initialtype', 'initialtypedescription', 'initialtypetext', 'originalcalltype', 'initialnature',
    'originaltype', 'initialcalltypedescription', 'initialproblem',
  ],
  initialCallTypeCode: ['initialtypecode', 'initialcalltypecode', 'originaltypecode', 'initialnaturecode'],
  priority: ['priority', 'callpriority', 'prioritynumber', 'priorityid', 'prioritylevel', 'prioritycode', 'pri'],
  disposition: [
    'disposition', 'dispositiontext', 'calldisposition', 'dispositioncode', 'dispo', 'finaldisposition',
    'dispositiondescription', 'clearancecode', 'ucrdisposition',
  ],
  beat: ['beat', 'zonebeat', 'policebeat', 'rptdist', 'reportingdistrict', 'patrolbeat', 'beatid'],
  district: ['district', 'policedistrict', 'precinct', 'division', 'sector', 'districtsector', 'patroldistrict', 'area'],
  agency: ['agency', 'agencyname', 'discipline', 'agencytype'],
  source: [
    'callsource', 'source', 'callreception', 'howreceived', 'receivedvia', 'callmethod', 'callorigin', 'origin',
    'selfinitiated', 'officerinitiated', 'initiatedby', 'callsourcetext', 'receivedmethod',
  ],
  unit: ['unit', 'unitnumber', 'unitid', 'respondingunit', 'primaryunit', 'unitname'],
  units: ['units', 'numberofunits', 'unitcount', 'unitsassigned', 'numunits', 'unitsresponded', 'totalunits'],
  received: [
    'receivedtime', 'timereceived', 'callreceived', 'callreceivedtime', 'callreceiveddatetime', 'receiveddatetime',
    'datetimereceived', 'calltime', 'calldatetime', 'calldttm', 'createtime', 'timecreate', 'createdtime',
    'createtimeincident', 'createdate', 'responsedate', 'incidentdate', 'incidentdatetime', 'eventdate',
    'eventdatetime', 'datetime', 'calldate', 'reportdate', 'reporteddate', 'datereported', 'calltimestamp',
    'originaltimequeued', 'timequeued', 'incidentstarttime', 'starttime', 'opentime', 'received', 'receivedat',
    'callreceiveddate', 'date', 'createddate', 'reportedtime',
  ],
  dispatched: [
    'dispatchtime', 'timedispatch', 'dispatchedtime', 'dispatchdatetime', 'calldispatchdatetime',
    'incidentdispatchtime', 'dispatched', 'firstdispatch', 'dispatchtimeprimaryunit', 'timeassigned',
    'assignedtime', 'timedispatched', 'firstunitdispatched', 'dispatchdate',
  ],
  enroute: ['enroutetime', 'timeenroute', 'incidentenroutetime', 'enroute', 'responding', 'timeresponding'],
  arrived: [
    'arrivedtime', 'arrivaltime', 'timearrive', 'timearrival', 'atscenetime', 'onscenetime', 'arrivetime',
    'incidentarrivaltime', 'arrivaltimeprimaryunit', 'firstarrival', 'onscene', 'timeonscene', 'arrived',
    'timearrived', 'firstunitarrived',
  ],
  cleared: [
    'clearedtime', 'cleartime', 'timeclosed', 'closedtime', 'closetime', 'timecleared', 'callcleareddatetime',
    'clearancedate', 'eventclearancedate', 'closedtimeincident', 'finalclosedtime', 'incidentfirstclosetime',
    'completedtime', 'endtime', 'timecallclosed', 'cleared', 'closed', 'calleddatetime', 'clearedat',
    'timecompleted', 'closeddatetime',
  ],
};

/** Columns that only carry a date or only a time of day, for exports that split the two. */
export const DATE_PART_SYNONYMS = ['date', 'calldate', 'eventdate', 'reportdate', 'datereported', 'incidentdate', 'dispatchdate', 'receiveddate', 'eventdt'];
export const TIME_PART_SYNONYMS = ['time', 'calltime', 'eventtime', 'reporttime', 'timereported', 'incidenttime', 'dispatchtime', 'receivedtime', 'eventtm'];

/**
 * Words saying which side of an initial/final pair of call-type columns a header is
 * (`CALL_TYPE` + `FINAL_CALL_TYPE`, `Orig Type` + `Type`). Strong markers are trusted on any
 * call-type stem; soft ones only on a specific stem, as `Close Type` could be a clearance.
 */
export const FINAL_MARKERS = { strong: ['final', 'fnl'], soft: ['cleared', 'closing', 'closed', 'close'] };
export const INITIAL_MARKERS = { strong: ['initial', 'init', 'original', 'orig'], soft: ['first', 'received', 'rcvd', 'entered', 'intake'] };
/** Joining words dropped beside a marker: `Type As Received`. */
export const MARKER_FILLERS = ['as', 'at', 'when'];

/** Generic names that are only trusted when nothing more specific is present. */
export const WEAK_SYNONYMS = new Set(['type', 'description', 'date', 'datetime', 'incident', 'area', 'source', 'origin', 'received', 'closed']);

export function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
