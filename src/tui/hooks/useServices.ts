import { useContext } from 'react';
import { ServicesContext, type LabServices } from '../services.js';

export function useServices(): LabServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}
