import type { Services } from "../context";
import { processServices } from "../../services";

/**
 * The process's services with the clock at the given moment: a job's action sees the moment the worker runs it at
 * (tests hand the worker a later one to stand for time passing).
 */
export const servicesAt = (moment: Date): Services => Object.create(processServices, { clock: { value: { now: () => moment } } }) as Services;
