//! Model-based samplers in studies, one test binary (each binary links all of hp): TPE and
//! NSGA-II.

mod nsga;
mod tpe;
