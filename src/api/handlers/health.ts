// GET /api/health: anonymous. It names a setting that is wrong but never echoes its value.
import type { HttpResponseInit } from '@azure/functions';
import { readSettings, SettingError } from '../../config/settings';
import { jsonResponse } from '../json';

export async function getHealth(): Promise<HttpResponseInit> {
  try {
    readSettings();
    return jsonResponse(200, { status: 'Healthy' });
  } catch (error) {
    const reason = error instanceof SettingError ? `App setting ${error.setting} is missing or invalid.` : 'The settings cannot be read.';
    return jsonResponse(503, { status: 'Unhealthy', reason });
  }
}
