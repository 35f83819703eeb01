import type { Services } from "./actions/context";
import { db } from "./db/client";
import { bus } from "./events";
import { fileStorage } from "./files/storage";
import { pokeJobs } from "./jobs/queue";
import { presence } from "./presence";

const systemClock = { now: () => new Date() };

/**
 * The process's services, each made on first use (a process that never touches storage never configures S3). Each
 * getter reads the process-wide instance, so one a test installs (setDbHandle, setBus, ...) is the one actions get.
 */
export const processServices: Services = {
  get db() {
    return db();
  },
  get bus() {
    return bus();
  },
  get presence() {
    return presence();
  },
  get storage() {
    return fileStorage();
  },
  pokeJobs,
  clock: systemClock,
};

/**
 * The process's services with the clock stopped at a moment: a job's action sees the moment the worker runs it at,
 * and a test hands a later one to stand for time passing.
 */
export const servicesAt = (moment: Date): Services => Object.create(processServices, { clock: { value: { now: () => moment } } }) as Services;
