//! The project: `thesis/thesis.yaml`, its schema, validation and the files it names.

pub mod paths;
